#!/usr/bin/env node
// The `calendar-connections` command. It runs the built CLI (dist/); in the workspace without a
// build, run it from source instead: `pnpm --filter @org/calendar-connections-server cli <command>`.
import { existsSync } from "node:fs";

const entry = new URL("../dist/cli/bin.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    "calendar-connections: the CLI is not built (dist/cli/bin.js is missing).\n" +
      "Run `pnpm --filter @org/calendar-connections-server build`, or run it from source with\n" +
      "`pnpm --filter @org/calendar-connections-server cli <command>`.\n",
  );
  process.exit(1);
}
await import(entry.href);
