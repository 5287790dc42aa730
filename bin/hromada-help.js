#!/usr/bin/env node
// `npx hromada-help <command>`: the project's CLI (src/cli.ts). In a checkout it runs the TypeScript
// through tsx's loader; in the Docker image, which holds only the compiled dist/, it runs dist/cli.js.
import { existsSync } from "node:fs";

const source = new URL("../src/cli.ts", import.meta.url);
if (existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli.js", import.meta.url).href);
}
