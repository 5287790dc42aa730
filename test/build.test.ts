import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The Docker image runs the compiled bot (dist/), not the TypeScript: build it as the image does and
 * run it, so a path or an import that only works under tsx fails here rather than in production.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const node = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, args, {
    cwd: root,
    input: options.input ?? "",
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...options.env },
    timeout: 60_000,
  });

describe("the production build (dist/)", () => {
  beforeAll(() => {
    // --noCheck: emit only. `npm test` has just type-checked the same sources (tsc --noEmit), and the
    // image's build checks them again; checking twice here cost 26 s of CPU against 11 s.
    // --noResolve: without the type check nothing needs the imported packages' declarations (parsing
    // them, ~110,000 lines, was a quarter of the CPU); the sources are isolated modules, so dist/ is
    // byte for byte the same (compared when this was added).
    const build = spawnSync(process.execPath, [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--noCheck", "--noResolve"], { cwd: root, encoding: "utf8" });
    expect(build.stdout + build.stderr).toBe("");
    expect(build.status).toBe(0);
  }, 120_000);

  it("answers a search from the compiled CLI (catalogue files and matcher found from dist/)", () => {
    const run = node(["dist/cli.js", "search", "--json", "--community", "zhytomyr"], { input: "соціальне таксі\n" });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.trim()).results[0].service).toBe("social-taxi");
  });

  it("starts the compiled bot far enough to check its configuration (as the image does)", () => {
    const run = node(["--max-old-space-size=256", "--max-semi-space-size=4", "--v8-pool-size=2", "dist/main.js"], { env: { NODE_ENV: "production" } });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("BOT_TOKEN");
    expect(run.stderr).toContain("@BotFather");
  });
});
