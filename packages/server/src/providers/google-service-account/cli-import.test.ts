// Issue 12 item 2, the CLI side: `import-service-account` binds each calendar to one organization,
// and agrees with the allow-list the config's service account was given.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../cli/io.ts";
import { runCli } from "../../cli/run.ts";
import { createSqliteStorage } from "../../storage/sqlite.ts";

const CONFIG = fileURLToPath(new URL("./cli-config.support.ts", import.meta.url));
const ACME = "acme-team@group.calendar.google.com";
const GLOBEX = "globex-team@group.calendar.google.com";
let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cc-sa-import-"));
});

afterAll(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in process against a fresh SQLite file; answers the exit code, output and connections. */
async function importFile(file: unknown, args: readonly string[], env: Record<string, string> = {}) {
  const db = join(await mkdtemp(join(dir, "run-")), "calendar.db");
  await writeFile(join(dir, "orgs.json"), JSON.stringify(file));
  const out: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => out.push(line), env, cwd: dir };
  expect(await runCli(["migrate", "--sqlite", db], io)).toBe(0);
  const code = await runCli(["import-service-account", "-f", "orgs.json", "--sqlite", db, ...args], io);
  const storage = createSqliteStorage({ filename: db });
  const connections = [
    ...(await storage.listConnections("org_acme")),
    ...(await storage.listConnections("org_globex")),
  ].map((connection) => `${connection.organizationId} → ${connection.calendarId}`);
  await storage.close();
  return { code, output: out.join("\n"), connections };
}

describe("calendar-connections import-service-account: one organization per calendar", () => {
  it("refuses a calendar listed for two organizations, and writes nothing", async () => {
    const run = await importFile(
      [
        { organizationId: "org_acme", calendarId: ACME },
        { organizationId: "org_globex", calendarId: ACME.toUpperCase() },
      ],
      ["--organizations", "org_acme,org_globex"],
    );
    expect(run.code).toBe(3);
    expect(run.output).toMatch(/acme-team@group\.calendar\.google\.com: listed for org_acme and org_globex/i);
    expect(run.connections).toEqual([]);
  });

  it("refuses an entry the config's service account does not allow that organization, and writes nothing", async () => {
    const env = { SA_TEST_CALENDARS: JSON.stringify({ org_acme: [ACME], org_globex: [GLOBEX] }) };
    const swapped = await importFile({ org_acme: GLOBEX, org_globex: ACME }, ["--config", CONFIG], env);
    expect(swapped.code).toBe(3);
    expect(swapped.output).toMatch(
      /org_acme → globex-team@group\.calendar\.google\.com: not on org_acme's list/,
    );
    expect(swapped.output).toMatch(
      /org_globex → acme-team@group\.calendar\.google\.com: not on org_globex's list/,
    );
    expect(swapped.connections).toEqual([]);

    const matching = await importFile({ org_acme: ACME, org_globex: GLOBEX }, ["--config", CONFIG], env);
    expect(matching.output).toMatch(/2 created/);
    expect(matching.code).toBe(0);
    expect(matching.connections).toEqual([`org_acme → ${ACME}`, `org_globex → ${GLOBEX}`]);
  });
});
