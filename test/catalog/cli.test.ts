import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands.ts";
import { seedMigratedPglite } from "../helpers/databases.ts";
import { entryArgs, PROJECT_ROOT } from "../helpers/process.ts";

const workDir = mkdtempSync(path.join(tmpdir(), "hromada-cli-"));
// A migrated database, as after the bot's first start: the commands, not initdb, are under test.
beforeAll(() => seedMigratedPglite(path.join(workDir, "db")));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const env = () => ({ PATH: process.env.PATH ?? "", DATABASE_URL: path.join(workDir, "db"), LOG_LEVEL: "silent" });

/**
 * The commands run in this process (src/cli/commands.ts), with their own stdin, stdout and stderr:
 * a child process per command cost a tsx start and every import again (~6 s of CPU each). The
 * entry point itself (src/cli.ts) is run as a process once below, and the compiled one in build.test.ts.
 */
async function cli(args: string[], input = "") {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    env: env(),
    stdin: Readable.from([input]),
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

describe("the hromada-help entry point (src/cli.ts, a process of its own)", () => {
  it("runs a command with the process's arguments, output and exit code", () => {
    const run = spawnSync(process.execPath, [...entryArgs("src/cli.ts"), "catalog", "validate", "data/catalog/zhytomyr.yaml"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
      env: env(),
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/zhytomyr\.yaml is valid: community zhytomyr, 36 services/);
    expect(run.status).toBe(0);
  });

  it("an unknown command prints the usage and exits 2; none at all prints it and exits 0", async () => {
    const unknown = await cli(["no-such-command"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Usage: hromada-help <command>/);
    expect(unknown.stdout).toBe("");
    const none = await cli([]);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^Usage: hromada-help <command>/);
  });
});

describe("hromada-help catalog", () => {
  it("validate: says a good file is valid, exits 0", async () => {
    const run = await cli(["catalog", "validate", "data/catalog/zhytomyr.yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/zhytomyr\.yaml is valid: community zhytomyr, 36 services, \d+ providers/);
  });

  it("validate: lists every error with file, line and path, exits 1", async () => {
    const broken = path.join(workDir, "broken.yaml");
    writeFileSync(
      broken,
      `version: 1
community: { id: x, name: { uk: Ікс }, requestPrefix: ІК, services: ${path.join(PROJECT_ROOT, "data/catalog/services.yaml")} }
providers:
  - name: { uk: Без id }
    kind: ngo
    phones: ["123-45"]
departments:
  - { id: d, name: { uk: Д }, general: true, services: [no-such-service] }
`,
    );
    const run = await cli(["catalog", "validate", broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml:4: providers\[0\]\.id is missing/);
    expect(run.stderr).toMatch(/broken\.yaml:6: providers\[0\]\.phones\[0\] is not a Ukrainian phone number/);
    expect(run.stderr).toMatch(/broken\.yaml:8: departments\[0\]\.services\[0\] routes an unknown service id "no-such-service"/);
    expect(run.stderr).toMatch(/3 problem\(s\) found/);
  });

  // The commands' logic — a second import changing nothing, bad formats, fresh installs — is tested
  // in commands.test.ts; here, that the command line reaches it and prints where it should.
  it("import writes the file into the database; export prints it on stdout and its report on stderr", async () => {
    const first = await cli(["catalog", "import", "data/catalog/zhytomyr.yaml"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported zhytomyr: [1-9]\d* created, 0 updated, 0 deleted\./);
    const csv = await cli(["catalog", "export", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\n")[0]).toMatch(/^community,service_id/);
    expect(csv.stdout).toContain("zhytomyr,social-taxi");
    expect(csv.stdout).not.toContain("Exported");
    expect(csv.stderr).toMatch(/^Exported CSV from the database: zhytomyr; \d+ providers/m);
  });
});

describe("hromada-help search --json", () => {
  it("prints one JSON line per input line, in order, and nothing else", async () => {
    const queries = ["соціальне таксі", "купити квартиру в кредит", "psiholog", ""];
    const run = await cli(["search", "--json", "--community", "zhytomyr"], `${queries.join("\n")}\n`);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(queries.length);
    const parsed = lines.map((line) => JSON.parse(line) as { query: string; results: Array<{ service: string; score: number; providers: string[] }> });
    expect(parsed.map((line) => line.query)).toEqual(queries);
    expect(parsed[0]!.results[0]!.service).toBe("social-taxi");
    expect(parsed[0]!.results[0]!.providers.length).toBeGreaterThan(0);
    expect(parsed[1]!.results).toEqual([]);
    expect(parsed[2]!.results[0]!.service).toBe("psychological-support");
    expect(parsed[3]!.results).toEqual([]);
    for (const line of parsed) {
      expect(line.results.length).toBeLessThanOrEqual(5);
      const scores = line.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((score) => score > 0 && score <= 1)).toBe(true);
    }
  });
});

describe("hromada-help explain", () => {
  it("shows which words gave evidence for which service, and the answer", async () => {
    const run = await cli(["explain", "--json", "мама лежача після інсульту, потрібна доглядальниця"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout.trim()) as {
      answer: string[];
      candidates: Array<{ serviceId: string; because: Array<{ word: string; field: string; text: string }> }>;
    };
    expect(out.answer[0]).toBe("home-care");
    const homeCare = out.candidates.find((c) => c.serviceId === "home-care")!;
    expect(homeCare.because.map((b) => b.word)).toEqual(expect.arrayContaining(["лежача", "доглядальниця"]));
    expect(homeCare.because.some((b) => b.field === "situation" && b.text.includes("[bedridden]"))).toBe(true);

    const text = await cli(["explain", "мама лежача"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("answer: home-care");
    expect(text.stdout).toMatch(/лежача \+\d\.\d\d {2}← situation: лежача \[bedridden\]/);
  });
});
