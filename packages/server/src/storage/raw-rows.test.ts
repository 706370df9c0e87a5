import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { decryptTokens, encryptTokens, openCredentials, sealCredentials } from "../crypto/cipher.ts";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { createScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { newId } from "./ids.ts";
import { createPostgresStorage } from "./postgres.ts";
import { createSqliteStorage } from "./sqlite.ts";
import type { CalendarStorage } from "./types.ts";

const TABLES = [
  "calendar_connection",
  "calendar_sync_job",
  "calendar_event_link",
  "calendar_audit_log",
  "calendar_oauth_state",
];
const SECRETS = [
  "ya29.a0-ACCESS-plaintext-7f3c",
  "1//0g-REFRESH-plaintext-9d2e",
  "ya29.a0-ROTATED-access-11aa",
  "1//0g-ROTATED-refresh-22bb",
  "caldav-APP-password-33cc",
];

/** Every form a leaked token could take in a dump: as is, base64, base64url, hex. */
const leakForms = (secret: string): string[] => {
  const bytes = Buffer.from(secret);
  return [
    secret,
    bytes.toString("base64").replace(/=+$/, ""),
    bytes.toString("base64url"),
    bytes.toString("hex"),
  ];
};

/** Writes tokens the way the kit does (create, then a refresh), plus jobs, links and audit. */
async function exercise(storage: CalendarStorage): Promise<void> {
  const keyring = await parseTokenKeys(`k1:${Buffer.alloc(32, 7).toString("base64")}`);
  const owner = { organizationId: "org-a", connectionId: newId() };
  const [access = "", refresh = "", rotatedAccess = "", rotatedRefresh = "", password = ""] = SECRETS;
  const created = await storage.createConnection({
    id: owner.connectionId,
    organizationId: owner.organizationId,
    provider: "microsoft",
    exclusive: true,
    tokens: await encryptTokens(keyring, owner, {
      accessToken: access,
      refreshToken: refresh,
      expiresAt: new Date(),
    }),
    audit: { actorId: "user-1", action: "connection.connected" },
  });
  const refreshed = await storage.updateConnection(owner.organizationId, owner.connectionId, {
    tokens: await encryptTokens(keyring, owner, {
      accessToken: rotatedAccess,
      refreshToken: rotatedRefresh,
      expiresAt: new Date(),
    }),
    expectedTokenVersion: created.tokenVersion,
    audit: { actorId: null, action: "connection.refreshed" },
  });
  expect(refreshed && (await decryptTokens(keyring, refreshed))).toMatchObject({
    accessToken: rotatedAccess,
    refreshToken: rotatedRefresh,
  });
  // A form provider's secret fields: the other kind of credentials envelope.
  const form = { organizationId: "org-a", connectionId: newId() };
  const secret = { username: "ops@acme.test", password };
  const formRow = await storage.createConnection({
    id: form.connectionId,
    organizationId: form.organizationId,
    provider: "caldav",
    exclusive: false,
    tokens: await sealCredentials(keyring, form, { kind: "secret", secret }),
  });
  expect(await openCredentials(keyring, formRow)).toEqual({ kind: "secret", secret });
  await storage.enqueueJob({ ...owner, eventId: "ev-1" });
  await storage.upsertEventLink({
    ...owner,
    eventId: "ev-1",
    calendarId: "cal-1",
    externalId: "x",
    etag: null,
    lastSyncedHash: null,
  });
}

function expectNoPlaintext(rows: unknown[]): void {
  const dump = JSON.stringify(rows);
  expect(dump).toContain("v2.k1.");
  for (const secret of SECRETS) for (const form of leakForms(secret)) expect(dump).not.toContain(form);
}

describe("adapters see only ciphertext", () => {
  it("SQLite: no raw row holds a token in plaintext", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-raw-"));
    const filename = join(dir, "raw.db");
    try {
      const storage = createSqliteStorage({ filename });
      await storage.migrate();
      await exercise(storage);
      await storage.close();
      const raw = new Database(filename, { readonly: true });
      const rows = TABLES.flatMap((table) => raw.prepare(`SELECT * FROM ${table}`).all());
      raw.close();
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expectNoPlaintext(rows);
      // The database file and its WAL, byte by byte (free pages and old row versions included).
      for (const file of [filename, `${filename}-wal`].filter((f) => existsSync(f))) {
        const bytes = readFileSync(file).toString("latin1");
        for (const secret of SECRETS) expect(bytes.includes(secret), file).toBe(false);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("PostgreSQL: no raw row holds a token in plaintext", async () => {
    const url = testDatabaseUrl(process.env);
    const schema = await createScratchSchema(url, "cc_raw");
    try {
      const storage = createPostgresStorage({ connectionString: url, schema: schema.name, max: 2 });
      await storage.migrate();
      await exercise(storage);
      await storage.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = [];
        for (const table of TABLES)
          rows.push(...(await client.query(`SELECT * FROM ${schema.name}.${table}`)).rows);
        expect(rows.length).toBeGreaterThanOrEqual(5);
        expectNoPlaintext(rows);
      } finally {
        await client.end();
      }
    } finally {
      await schema.drop();
    }
  });
});
