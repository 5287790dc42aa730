import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedMigratedPglite } from "../helpers/databases.ts";
import { PROJECT_ROOT } from "../helpers/process.ts";

const workDir = mkdtempSync(path.join(tmpdir(), "hromada-cli-"));
// A migrated database, as after the bot's first start: the commands, not initdb, are under test.
beforeAll(() => seedMigratedPglite(path.join(workDir, "db")));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function cli(args: string[], input = "") {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: PROJECT_ROOT,
    input,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", DATABASE_URL: path.join(workDir, "db"), LOG_LEVEL: "silent" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("hromada-help catalog", () => {
  it("validate: says a good file is valid, exits 0", () => {
    const run = cli(["catalog", "validate", "data/catalog/zhytomyr.yaml"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/zhytomyr\.yaml is valid: community zhytomyr, 36 services, \d+ providers/);
  });

  it("validate: lists every error with file, line and path, exits 1", () => {
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
    const run = cli(["catalog", "validate", broken]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.yaml:4: providers\[0\]\.id is missing/);
    expect(run.stderr).toMatch(/broken\.yaml:6: providers\[0\]\.phones\[0\] is not a Ukrainian phone number/);
    expect(run.stderr).toMatch(/broken\.yaml:8: departments\[0\]\.services\[0\] routes an unknown service id "no-such-service"/);
    expect(run.stderr).toMatch(/3 problem\(s\) found/);
  });

  // Two processes only (each costs a tsx start and a PGlite open): the commands' logic — a second
  // import changing nothing, bad formats, fresh installs — is tested in process in commands.test.ts.
  it("import writes the file into the database; export prints it on stdout and its report on stderr", () => {
    const first = cli(["catalog", "import", "data/catalog/zhytomyr.yaml"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported zhytomyr: [1-9]\d* created, 0 updated, 0 deleted\./);
    const csv = cli(["catalog", "export", "--format", "csv"]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split("\n")[0]).toMatch(/^community,service_id/);
    expect(csv.stdout).toContain("zhytomyr,social-taxi");
    expect(csv.stdout).not.toContain("Exported");
    expect(csv.stderr).toMatch(/^Exported CSV from the database: zhytomyr; \d+ providers/m);
    // Each process creates and migrates an embedded database: ~60 s in all alone, twice that when busy.
  }, 300_000);
});

describe("hromada-help search --json", () => {
  it("prints one JSON line per input line, in order, and nothing else", () => {
    const queries = ["соціальне таксі", "купити квартиру в кредит", "psiholog", ""];
    const run = cli(["search", "--json", "--community", "zhytomyr"], `${queries.join("\n")}\n`);
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
  it("shows which words gave evidence for which service, and the answer", () => {
    const run = cli(["explain", "--json", "мама лежача після інсульту, потрібна доглядальниця"]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout.trim()) as {
      answer: string[];
      candidates: Array<{ serviceId: string; because: Array<{ word: string; field: string; text: string }> }>;
    };
    expect(out.answer[0]).toBe("home-care");
    const homeCare = out.candidates.find((c) => c.serviceId === "home-care")!;
    expect(homeCare.because.map((b) => b.word)).toEqual(expect.arrayContaining(["лежача", "доглядальниця"]));
    expect(homeCare.because.some((b) => b.field === "situation" && b.text.includes("[bedridden]"))).toBe(true);

    const text = cli(["explain", "мама лежача"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("answer: home-care");
    expect(text.stdout).toMatch(/лежача \+\d\.\d\d {2}← situation: лежача \[bedridden\]/);
  });
});
