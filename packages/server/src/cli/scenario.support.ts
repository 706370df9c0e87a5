// Test support: the CLI's commands end to end against one storage (SQLite file or PostgreSQL schema),
// each run as a child process, checked through a storage the test opens on the same data.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFakeGoogle, type FakeGoogle, googleEndpoints } from "@org/calendar-connections-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { googleProvider } from "../providers/google/client.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { seedConnection } from "../sync/crash/seed.support.ts";
import { type BuiltCli, buildCli, type CliRun } from "./process.support.ts";

const K1 = `k1:${Buffer.alloc(32, 1).toString("base64")}`;
const K2 = `k2:${Buffer.alloc(32, 2).toString("base64")}`;
const K3 = `k3:${Buffer.alloc(32, 3).toString("base64")}`;
const SYNC_EMAIL = "sync@acme.test";

/** Where the CLI's data lives for one scenario. */
export interface CliBackend {
  /** The storage flags and environment every run gets. */
  readonly flags: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** A storage on the same data, for the test to seed and inspect. */
  readonly storage: CalendarStorage;
  close(): Promise<void>;
}

function serviceAccountOf(records: readonly ConnectionRecord[]): ConnectionRecord | undefined {
  return records.find((record) => record.provider === "google-service-account");
}

/** Registers the scenario: migrate, import (dry run, create, idempotent, update), rotate-keys, sync --once. */
export function describeCliScenario(name: string, open: (dir: string) => Promise<CliBackend>): void {
  describe(`calendar-connections CLI on ${name}`, () => {
    let dir: string;
    let backend: CliBackend;
    let fake: FakeGoogle;
    let fakeURL: string;
    let built: BuiltCli;
    let CONFIG: string;
    const cli = (args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> =>
      built.run([...args, ...backend.flags], { cwd: dir, env: { ...backend.env, ...env } });

    beforeAll(async () => {
      built = await buildCli({ config: fileURLToPath(new URL("./test-config.support.ts", import.meta.url)) });
      CONFIG = built.config("config");
      dir = await mkdtemp(join(tmpdir(), "cc-cli-"));
      backend = await open(dir);
      fake = createFakeGoogle({ accounts: [{ email: SYNC_EMAIL }] });
      fakeURL = await fake.listen({ port: 0, host: "127.0.0.1" });
    });

    afterAll(async () => {
      await fake?.close();
      await backend?.close();
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
      await built?.dispose();
    });

    it("migrate applies the schema once, then reports it up to date", async () => {
      const first = await cli(["migrate"]);
      expect(first.stderr).toBe("");
      expect(first).toMatchObject({ code: 0 });
      expect(first.stdout).toMatch(/applied migrations 1, 2\b/);
      const again = await cli(["migrate"]);
      expect(again).toMatchObject({ code: 0 });
      expect(again.stdout).toMatch(/schema up to date/);
    });

    it("import-service-account --dry-run prints the plan and writes nothing", async () => {
      await writeFile(
        join(dir, "orgs.json"),
        JSON.stringify([
          { organizationId: "org_acme", calendarId: "ops@group.calendar.google.com", calendarName: "Ops" },
          { organizationId: "org_globex", calendarId: "team@group.calendar.google.com" },
        ]),
      );
      const run = await cli([
        "import-service-account",
        "--file",
        "orgs.json",
        "--dry-run",
        "--organizations",
        "org_acme,org_globex",
      ]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/would create\s+org_acme → ops@group\.calendar\.google\.com/);
      expect(run.stdout).toMatch(/would create\s+org_globex → team@group\.calendar\.google\.com/);
      expect(run.stdout).toMatch(
        /2 to create, 0 to update, 0 unchanged, 0 skipped \(dry run: nothing written\)/,
      );
      expect(await backend.storage.listConnections("org_acme")).toEqual([]);
      expect(await backend.storage.listConnections("org_globex")).toEqual([]);
    });

    it("import-service-account creates the connections, and a second run changes nothing", async () => {
      const args = [
        "import-service-account",
        "-f",
        "orgs.json",
        "--organizations",
        "org_acme",
        "--organizations",
        "org_globex",
      ];
      const first = await cli(args);
      expect(first.stderr).toBe("");
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(
        /created\s+org_acme → ops@group\.calendar\.google\.com \[connection \w+\]/,
      );
      expect(first.stdout).toMatch(/2 created, 0 updated, 0 unchanged, 0 skipped/);
      const acme = serviceAccountOf(await backend.storage.listConnections("org_acme"));
      expect(acme).toMatchObject({
        status: "active",
        calendarId: "ops@group.calendar.google.com",
        calendarName: "Ops",
      });
      const audit = await backend.storage.listAudit("org_acme");
      expect(audit.map((entry) => entry.action)).toEqual(["connection.connected"]);

      const second = await cli(args);
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/unchanged\s+org_acme → ops@group\.calendar\.google\.com/);
      expect(second.stdout).toMatch(/0 created, 0 updated, 2 unchanged, 0 skipped/);
      expect(await backend.storage.listConnections("org_acme")).toHaveLength(1);
      expect(await backend.storage.listConnections("org_globex")).toHaveLength(1);
      expect(serviceAccountOf(await backend.storage.listConnections("org_acme"))?.id).toBe(acme?.id);
    });

    it("import-service-account takes an object map, checks organizations through the config and switches a calendar", async () => {
      await writeFile(
        join(dir, "map.json"),
        JSON.stringify({ org_acme: "new-ops@group.calendar.google.com" }),
      );
      const run = await cli(["import-service-account", "--file", "map.json", "--config", CONFIG], {
        CLI_TEST_ORGANIZATIONS: "org_acme",
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /updated\s+org_acme → new-ops@group\.calendar\.google\.com \(was ops@group\.calendar\.google\.com\)/,
      );
      const records = await backend.storage.listConnections("org_acme");
      expect(records).toHaveLength(1);
      expect(records[0]?.calendarId).toBe("new-ops@group.calendar.google.com");
    });

    it("rotate-keys re-encrypts every token to the primary key, and fails on rows no key opens", async () => {
      const storage = backend.storage;
      const provider = googleProvider({
        clientId: "cli-client",
        clientSecret: "cli-secret",
        redirectURI: "https://app.test/callback",
        endpoints: googleEndpoints(fakeURL),
      });
      const keyring = await parseTokenKeys(K1);
      const seeded = await seedConnection({
        storage,
        keyring,
        providerId: "google",
        fake,
        client: provider,
        organizationId: "org_sync",
        email: SYNC_EMAIL,
      });
      expect(seeded.keyId).toBe("k1");
      const keys = { CALENDAR_TOKEN_KEYS: `${K2},${K1}` };

      const dry = await cli(["rotate-keys", "--dry-run"], keys);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/1 connection\(s\) not on key k2 \(dry run: nothing written\)/);
      expect((await storage.getConnection("org_sync", seeded.id))?.keyId).toBe("k1");

      const lost = await cli(["rotate-keys"], { CALENDAR_TOKEN_KEYS: K3 });
      expect(lost.code).toBe(1);
      expect(lost.stderr).toMatch(
        new RegExp(`cannot re-encrypt connection ${seeded.id} \\(organization org_sync\\)`),
      );
      expect(lost.stdout).toMatch(/failed 1, remaining 1/);

      const rotated = await cli(["rotate-keys", "--batch-size", "1"], keys);
      expect(rotated.stderr).toBe("");
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toMatch(/re-encrypted 1 connection\(s\) to key k2/);
      expect(rotated.stdout).toMatch(/failed 0, remaining 0/);
      const after = await storage.getConnection("org_sync", seeded.id);
      expect(after?.keyId).toBe("k2");
      expect(after?.tokenVersion).toBe(seeded.tokenVersion + 1);

      const again = await cli(["rotate-keys"], keys);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/re-encrypted 0 connection\(s\)/);
    });

    it("sync --once writes the pending events through the config's getEvent and prints the counts", async () => {
      const storage = backend.storage;
      const [connection] = await storage.listConnections("org_sync");
      if (connection === undefined) throw new Error("the rotate-keys case seeds org_sync");
      await writeFile(
        join(dir, "events.json"),
        JSON.stringify({
          org_sync: {
            ev_1: { title: "Kickoff", start: "2026-01-05T09:00:00Z", end: "2026-01-05T10:00:00Z" },
            ev_2: { title: "Review", start: "2026-01-06T09:00:00Z", end: "2026-01-06T10:00:00Z" },
          },
        }),
      );
      for (const eventId of ["ev_1", "ev_2"]) {
        await storage.enqueueJob({ organizationId: "org_sync", connectionId: connection.id, eventId });
      }
      const run = await cli(["sync", "--once", "--limit", "10", "--config", CONFIG], {
        CALENDAR_TOKEN_KEYS: `${K2},${K1}`,
        CLI_TEST_GOOGLE_URL: fakeURL,
        CLI_TEST_EVENTS: join(dir, "events.json"),
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/claimed 2, succeeded 2, retried 0, parked 0, dead-lettered 0 in \d+ ms/);
      const written = fake.events(SYNC_EMAIL, SYNC_EMAIL).map((event) => event.resource.summary);
      expect(written.sort()).toEqual(["Kickoff", "Review"]);
      expect(await storage.listJobs()).toEqual([]);

      const idle = await cli(["sync", "--once", "--config", CONFIG], {
        CALENDAR_TOKEN_KEYS: `${K2},${K1}`,
        CLI_TEST_GOOGLE_URL: fakeURL,
        CLI_TEST_EVENTS: join(dir, "events.json"),
      });
      expect(idle.code).toBe(0);
      expect(idle.stdout).toMatch(/claimed 0, succeeded 0/);
    });
  });
}
