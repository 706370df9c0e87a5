import { describe, expect, it } from "vitest";
import { rotateKeysCommand } from "../cli/commands/rotate-keys.ts";
import type { CliIo } from "../cli/io.ts";
import { createTokenCipher } from "../crypto/cipher.ts";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { V1_KEYS, V1_ROWS, type V1Row } from "../crypto/legacy-v1.support.ts";
import { createTokenManager, type IssuedTokens } from "../tokens/token-manager.ts";
import { type OldDatabase, type OldValue, postgresAt, sqliteAt } from "./old-database.support.ts";
import type { CalendarStorage, ConnectionRecord } from "./types.ts";

// Migration 2 on a database that v1 code filled: every row as the v1 storage wrote it (its INSERT,
// word for word, with envelopes the v1 cipher made), then `migrate`, then the token manager and
// `rotate-keys` as a running server and an operator would use them.

const CREATED = new Date("2025-06-01T10:00:00.000Z");
const FUTURE = new Date("2099-01-01T00:00:00.000Z");
const PAST = new Date("2020-01-01T00:00:00.000Z");
/** The v1 row whose access token has expired, so reading it refreshes. */
const EXPIRED = "01900000000000000000000000000b01";
const FEED = "01900000000000000000000000000e01";
const GONE = "01900000000000000000000000000f01";

/** The v1 storage's `createConnection` insert (sql.ts before migration 2). */
const V1_INSERT = `INSERT INTO calendar_connection (id, organization_id, user_id, provider, exclusive, external_account_id,
  account_email, calendar_id, calendar_name, status, health_reason, health_message, health_retry_at,
  access_token_ciphertext, refresh_token_ciphertext, token_expires_at, key_id, token_version, scopes,
  feed_token_hash, created_at, updated_at, created_by)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

type V1Value = OldValue;

/** Every column of one v1 connection, in `V1_INSERT` order (dates and booleans as the adapter binds them). */
function v1Connection(row: V1Row): V1Value[] {
  return [
    row.id,
    row.organizationId,
    null,
    row.provider,
    true,
    `sub-${row.id}`,
    `${row.organizationId}@acme.test`,
    "primary",
    "Team",
    "active",
    null,
    null,
    null,
    row.accessTokenCiphertext,
    row.refreshTokenCiphertext,
    row.id === EXPIRED ? PAST : FUTURE,
    row.keyId,
    3,
    JSON.stringify(["openid", "calendar"]),
    null,
    CREATED,
    CREATED,
    "admin-1",
  ];
}

/** The rows without tokens v1 also had: an ICS feed and a disconnected connection (`V1_INSERT` order). */
const V1_TOKENLESS: readonly (readonly V1Value[])[] = [
  // biome-ignore format: one v1 row, column by column
  [FEED, "org-a", null, "ics", true, null, null, null, null, "active", null, null, null, null, null, null, null, 0, "[]", "feed-hash", CREATED, CREATED, "admin-1"],
  // biome-ignore format: one v1 row, column by column
  [GONE, "org-b", null, "google", true, "sub-gone", "old@acme.test", null, null, "disconnected", null, null, null, null, null, null, null, 4, "[]", null, CREATED, CREATED, "admin-1"],
];

type V1Database = OldDatabase;

/** Fills a migration-1 database the way v1 code did: connections, a job, an event link, an audit entry. */
async function writeV1(db: V1Database): Promise<void> {
  for (const row of V1_ROWS) await db.run(V1_INSERT, v1Connection(row));
  for (const row of V1_TOKENLESS) await db.run(V1_INSERT, row);
  const [first] = V1_ROWS;
  if (!first) throw new Error("no v1 fixture");
  await db.run(
    `INSERT INTO calendar_sync_job (id, organization_id, connection_id, event_id, status, attempts, run_after, rerun,
       created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, false, ?, ?)`,
    ["job-1", first.organizationId, first.id, "ev-1", CREATED, CREATED, CREATED],
  );
  await db.run(
    `INSERT INTO calendar_event_link (organization_id, connection_id, event_id, external_id, etag, last_synced_hash,
       created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [first.organizationId, first.id, "ev-0", "x-0", "e0", "h0", CREATED, CREATED],
  );
  await db.run(
    `INSERT INTO calendar_audit_log (id, organization_id, connection_id, actor_id, action, details, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ["audit-1", first.organizationId, first.id, "admin-1", "connection.connected", "{}", CREATED],
  );
}

/** Runs `rotate-keys` in process, as an operator would from a shell. */
async function rotateKeys(
  db: V1Database,
  keys: string,
  ...args: string[]
): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const io: CliIo = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    env: { CALENDAR_TOKEN_KEYS: keys },
    cwd: process.cwd(),
  };
  const code = await rotateKeysCommand.run([...args, ...db.cliFlags], io);
  return { code, out: lines.join("\n") };
}

async function connection(
  storage: CalendarStorage,
  row: { organizationId: string; id: string },
): Promise<ConnectionRecord> {
  const record = await storage.getConnection(row.organizationId, row.id);
  if (!record) throw new Error(`connection ${row.id} was lost`);
  return record;
}

async function migrateAndUse(db: V1Database): Promise<void> {
  await writeV1(db);
  const storage = db.open();
  try {
    expect(await storage.migrate()).toEqual([2, 3, 4, 5, 6]);
    expect(await storage.migrate()).toEqual([]);

    // No connection is lost and nothing but the credentials columns changed.
    for (const row of V1_ROWS) {
      expect(await connection(storage, row)).toMatchObject({
        provider: row.provider,
        status: "active",
        accountEmail: `${row.organizationId}@acme.test`,
        calendarId: "primary",
        scopes: ["openid", "calendar"],
        keyId: row.keyId,
        tokenVersion: 3,
        tokenExpiresAt: row.id === EXPIRED ? PAST : FUTURE,
        credentialsKind: "oauth",
        createdAt: CREATED,
      });
    }
    expect(await connection(storage, { organizationId: "org-a", id: FEED })).toMatchObject({
      credentialsKind: null,
      credentialsCiphertext: null,
      keyId: null,
      feedTokenHash: "feed-hash",
    });
    expect(await connection(storage, { organizationId: "org-b", id: GONE })).toMatchObject({
      status: "disconnected",
      credentialsKind: null,
      tokenVersion: 4,
    });
    expect(await storage.listJobs()).toMatchObject([{ id: "job-1", status: "pending" }]);
    expect(await storage.getEventLink("org-a", V1_ROWS[0]?.id ?? "", "ev-0")).toMatchObject({
      externalId: "x-0",
    });
    expect(await storage.listAudit("org-a")).toHaveLength(1);

    // The token manager opens the moved v1 tokens, on the old key too: nobody reconnects.
    const refreshed: string[] = [];
    const fresh = (refreshToken: string): IssuedTokens => {
      refreshed.push(refreshToken);
      return { accessToken: `renewed-${refreshToken}`, refreshToken: null, expiresAt: FUTURE };
    };
    const manager = (keys: string) =>
      parseTokenKeys(keys).then((keyring) =>
        createTokenManager({
          storage,
          cipher: createTokenCipher(keyring),
          providerFor: () => ({ refresh: async (token) => fresh(token) }),
          now: () => new Date(),
        }),
      );
    const tokens = await manager(`${V1_KEYS.k1},${V1_KEYS.k0}`);
    for (const row of V1_ROWS) {
      const record = await connection(storage, row);
      expect(record.credentialsCiphertext?.startsWith("{")).toBe(true);
      expect(await tokens.refreshTokenOf(record)).toBe(row.refreshToken);
      if (row.id !== EXPIRED) expect(await tokens.accessToken(record)).toBe(row.accessToken);
    }
    expect(refreshed).toEqual([]);

    // A refresh reads the old refresh token, and re-seals the row as one v2 envelope (keeping it).
    const expired = V1_ROWS.find((row) => row.id === EXPIRED);
    if (!expired?.refreshToken) throw new Error("no expired v1 fixture");
    expect(await tokens.accessToken(await connection(storage, expired))).toBe(
      `renewed-${expired.refreshToken}`,
    );
    expect(refreshed).toEqual([expired.refreshToken]);
    const resealed = await connection(storage, expired);
    expect(resealed).toMatchObject({ credentialsKind: "oauth", keyId: "k1", tokenVersion: 4 });
    expect(resealed.credentialsCiphertext?.startsWith("v2.k1.")).toBe(true);
    expect(await tokens.refreshTokenOf(resealed)).toBe(expired.refreshToken);

    // rotate-keys converts the rest, those on the primary key included; then k0 can go.
    const dry = await rotateKeys(db, `${V1_KEYS.k1},${V1_KEYS.k0}`, "--dry-run");
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.out).toMatch(/3 connection\(s\) not on key k1 \(dry run/);
    const rotated = await rotateKeys(db, `${V1_KEYS.k1},${V1_KEYS.k0}`);
    expect(rotated.out).toMatch(/re-encrypted 3 connection\(s\) to key k1/);
    expect(rotated.out).toMatch(/failed 0, remaining 0/);
    expect(rotated.code).toBe(0);
    expect(await storage.listConnectionsNotOnKey("k1")).toEqual([]);
    const onlyK1 = await manager(V1_KEYS.k1);
    for (const row of V1_ROWS) {
      const record = await connection(storage, row);
      expect(record.credentialsCiphertext?.startsWith("v2.k1.")).toBe(true);
      expect(record.tokenVersion).toBe(4);
      expect(await onlyK1.refreshTokenOf(record)).toBe(row.refreshToken);
      const access = row.id === EXPIRED ? `renewed-${expired.refreshToken}` : row.accessToken;
      expect(await onlyK1.accessToken(record)).toBe(access);
    }
    expect((await rotateKeys(db, V1_KEYS.k1)).out).toMatch(/re-encrypted 0 connection\(s\)/);
  } finally {
    await storage.close();
  }
}

describe("migration 2: v1 token columns become one credentials envelope", () => {
  for (const [dialect, atMigration1] of [
    ["SQLite", () => sqliteAt(1)],
    ["PostgreSQL", () => postgresAt(1)],
  ] as const) {
    it(`${dialect}: v1 rows keep working through the token manager, and rotate-keys re-seals them`, async () => {
      const db = await atMigration1();
      try {
        await migrateAndUse(db);
      } finally {
        await db.close();
      }
    });
  }

  it("SQLite: the legacy columns are gone and kind and ciphertext are checked together", async () => {
    const db = await sqliteAt(1);
    const storage = db.open();
    try {
      await storage.migrate();
      const row = V1_ROWS[0];
      if (!row) throw new Error("no v1 fixture");
      await expect(db.run(V1_INSERT, v1Connection(row))).rejects.toThrow(/access_token_ciphertext/);
      await expect(
        db.run(
          `INSERT INTO calendar_connection (id, organization_id, provider, exclusive, status, credentials_kind, scopes,
             created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ["half", "org-z", "google", true, "active", "oauth", "[]", CREATED, CREATED],
        ),
      ).rejects.toThrow(/CHECK constraint failed/);
    } finally {
      await storage.close();
      await db.close();
    }
  });
});
