// Every command's --help, and each bad input with its message and exit code, as real processes.

import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSqliteStorage } from "../storage/sqlite.ts";
import { type BuiltCli, buildCli } from "./process.support.ts";

let built: BuiltCli;
let dir: string;
let db: string;

beforeAll(async () => {
  built = await buildCli({ config: fileURLToPath(new URL("./test-config.support.ts", import.meta.url)) });
  dir = await mkdtemp(join(tmpdir(), "cc-cli-errors-"));
  db = join(dir, "calendar.db");
  await writeFile(join(dir, "orgs.json"), JSON.stringify({ org_acme: "ops@group.calendar.google.com" }));
  await writeFile(join(dir, "ghost.json"), JSON.stringify({ org_acme: "a@x", org_ghost: "b@x" }));
  await writeFile(join(dir, "broken.json"), '[{ "organizationId": "org_acme", ');
  await writeFile(
    join(dir, "shape.json"),
    JSON.stringify([
      { organizationId: "org_acme", calendar: "typo@x" },
      { organizationId: "", calendarId: 4 },
    ]),
  );
  await writeFile(
    join(dir, "twice.json"),
    JSON.stringify([
      { organizationId: "org_acme", calendarId: "a@x" },
      { organizationId: "org_acme", calendarId: "b@x" },
    ]),
  );
  const migrated = await built.run(["migrate"], { cwd: dir, env: { CALENDAR_SQLITE_PATH: db } });
  expect(migrated.code).toBe(0);
});

afterAll(async () => {
  await built?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const cli = (args: readonly string[], env: Record<string, string> = {}) => built.run(args, { cwd: dir, env });
const sqlite = (): string[] => ["--sqlite", db];

describe.concurrent("calendar-connections --help", () => {
  it("lists the commands and exits 0; no command is a usage error (2)", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["migrate", "import-service-account", "rotate-keys", "sync"]) {
      expect(help.stdout).toContain(`  ${name} `);
    }
    const bare = await cli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/^Usage: calendar-connections <command>/);
  });

  it.each([
    ["migrate", /--sqlite <file>/],
    ["import-service-account", /--file, -f <path>[\s\S]*--dry-run[\s\S]*--organizations/],
    ["rotate-keys", /--dry-run[\s\S]*--batch-size/],
    ["sync", /--once[\s\S]*--limit[\s\S]*--concurrency[\s\S]*--time-budget[\s\S]*getEvent/],
  ])("%s --help shows its usage and options", async (name, options) => {
    const run = await cli([name, "--help"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(new RegExp(`^Usage: calendar-connections ${name}`));
    expect(run.stdout).toMatch(options);
  });
});

describe("calendar-connections from source", () => {
  it("runs through tsx with the source condition, as `pnpm cli` does", async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const bin = fileURLToPath(new URL("./bin.ts", import.meta.url));
    const args = ["--conditions=source", "--import", tsx, bin, "migrate", "--sqlite", db];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir });
    expect(stdout).toMatch(/schema up to date/);
  });
});

describe.concurrent("calendar-connections bad input", () => {
  const cases: readonly (readonly [string, readonly string[], Record<string, string>, number, RegExp])[] = [
    ["an unknown command", ["frobnicate"], {}, 2, /unknown command "frobnicate"/],
    ["an unknown flag", ["migrate", "--bogus", ...sqliteArgs()], {}, 2, /Unknown option '--bogus'/],
    ["a stray argument", ["rotate-keys", "now"], {}, 2, /Unexpected argument 'now'/],
    [
      "import without --file",
      ["import-service-account", "--organizations", "org_acme"],
      {},
      2,
      /--file <orgs\.json> is required/,
    ],
    [
      "a missing file",
      ["import-service-account", "-f", "missing.json", "--organizations", "org_acme"],
      {},
      3,
      /file not found: missing\.json/,
    ],
    [
      "invalid JSON",
      ["import-service-account", "-f", "broken.json", "--organizations", "org_acme"],
      {},
      3,
      /broken\.json is not valid JSON/,
    ],
    [
      "a wrong shape",
      ["import-service-account", "-f", "shape.json", "--organizations", "org_acme"],
      {},
      3,
      /\[0\]: unknown field\(s\) calendar[\s\S]*\[0\]\.calendarId: expected a non-empty string[\s\S]*\[1\]\.organizationId/,
    ],
    [
      "an organization listed twice",
      ["import-service-account", "-f", "twice.json", "--organizations", "org_acme"],
      {},
      3,
      /org_acme: listed twice with different calendars/,
    ],
    [
      "an unknown organization",
      ["import-service-account", "-f", "ghost.json", "--organizations", "org_acme", ...sqliteArgs()],
      {},
      3,
      /unknown organization\(s\): org_ghost; nothing written/,
    ],
    [
      "an unknown organization (config)",
      ["import-service-account", "-f", "ghost.json", "--config", "CONFIG", ...sqliteArgs()],
      { CLI_TEST_ORGANIZATIONS: "org_acme" },
      3,
      /unknown organization\(s\): org_ghost/,
    ],
    [
      "no way to check organizations",
      ["import-service-account", "-f", "orgs.json", ...sqliteArgs()],
      {},
      4,
      /cannot tell which organizations exist/,
    ],
    ["no storage", ["migrate"], {}, 4, /no storage: set DATABASE_URL/],
    [
      "two storages in the environment",
      ["migrate"],
      { DATABASE_URL: "postgres://x@127.0.0.1/x", CALENDAR_SQLITE_PATH: "x.db" },
      4,
      /both DATABASE_URL and CALENDAR_SQLITE_PATH/,
    ],
    [
      "a SQLite file that does not exist",
      ["rotate-keys", "--sqlite", "nowhere.db"],
      {},
      4,
      /SQLite database not found: .*nowhere\.db/,
    ],
    ["no token keys", ["rotate-keys", ...sqliteArgs()], {}, 4, /CALENDAR_TOKEN_KEYS is not set/],
    [
      "a short token key",
      ["rotate-keys", ...sqliteArgs()],
      { CALENDAR_TOKEN_KEYS: "k1:c2hvcnQ=" },
      4,
      /AES-256 needs exactly 32/,
    ],
    [
      "sync without getEvent",
      ["sync", "--once", ...sqliteArgs()],
      { CALENDAR_TOKEN_KEYS: `k1:${Buffer.alloc(32).toString("base64")}` },
      4,
      /sync needs the host's getEvent/,
    ],
    [
      "a bad --limit",
      ["sync", "--once", "--limit", "0"],
      {},
      2,
      /--limit must be a whole number ≥ 1 \(got "0"; see calendar-connections sync --help\)/,
    ],
    [
      "a missing config module",
      ["sync", "--once", "--config", "nope.config.mjs", ...sqliteArgs()],
      {},
      4,
      /config module not found: .*nope\.config\.mjs/,
    ],
    [
      "an unreachable database",
      ["migrate", "--database-url", "postgres://admin:hunter2@127.0.0.1:1/app"],
      {},
      1,
      /migrate: failed: .*ECONNREFUSED/,
    ],
  ];

  function sqliteArgs(): string[] {
    return ["--sqlite", "SQLITE"];
  }

  const table = cases.map(([name, args, env, code, message]) => ({ name, args, env, code, message }));
  it.each(table)("$name: exit $code with a clear message", async ({ args, env, code, message }) => {
    const resolved = args.map((arg) =>
      arg === "SQLITE" ? db : arg === "CONFIG" ? built.config("config") : arg,
    );
    const run = await cli(resolved, env);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/^calendar-connections/);
    expect(run.stderr).not.toContain("hunter2");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(code);
  });

  it("writes nothing when one organization of the file is unknown", async () => {
    await cli(["import-service-account", "-f", "ghost.json", "--organizations", "org_acme", ...sqlite()]);
    const storage = createSqliteStorage({ filename: db });
    try {
      expect(await storage.listConnections("org_acme")).toEqual([]);
    } finally {
      await storage.close();
    }
  });
});
