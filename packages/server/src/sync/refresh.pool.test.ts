// Many connections refreshing at once in one process, through one PostgreSQL pool of the default
// size: each refresh holds the connection lock while its writes need the pool too.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher } from "../crypto/cipher.ts";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { newId } from "../storage/ids.ts";
import { createPostgresStorage } from "../storage/postgres.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { createScratchSchema, type ScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { createTokenManager, type TokenManager, type TokenRefresher } from "../tokens/token-manager.ts";

const DB_URL = testDatabaseUrl(process.env);
const CONNECTIONS = 16;
const KEYS = `k1:${Buffer.alloc(32, 5).toString("base64")}`;

/** A provider whose token endpoint takes a while, so every refresh is inside its lock at once. */
const slowRefresher: TokenRefresher = {
  async refresh(refreshToken) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    return {
      accessToken: `fresh-${refreshToken}`,
      refreshToken: null,
      expiresAt: new Date(Date.now() + 3600_000),
    };
  },
};

let schema: ScratchSchema;
let storage: CalendarStorage;
let tokens: TokenManager;

beforeAll(async () => {
  schema = await createScratchSchema(DB_URL, "cc_pool");
  // No `max`: the default pool size.
  storage = createPostgresStorage({ connectionString: DB_URL, schema: schema.name });
  await storage.migrate();
  const cipher = createTokenCipher(await parseTokenKeys(KEYS));
  tokens = createTokenManager({ storage, cipher, providerFor: () => slowRefresher, now: () => new Date() });
});

afterAll(async () => {
  await storage?.close();
  await schema?.drop();
});

async function expiredConnection(index: number): Promise<ConnectionRecord> {
  const id = newId();
  const organizationId = `org_pool_${index}`;
  return storage.createConnection({
    id,
    organizationId,
    provider: "google",
    exclusive: true,
    accountEmail: `user${index}@pool.test`,
    calendarId: "primary",
    tokens: await tokens.seal(organizationId, id, {
      accessToken: `old-${index}`,
      refreshToken: `refresh-${index}`,
      expiresAt: new Date(Date.now() - 60_000),
    }),
  });
}

describe("concurrent refreshes through one pool", () => {
  it(`${CONNECTIONS} connections refreshing at once in one process all finish (no pool deadlock)`, async () => {
    const records = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => expiredConnection(i)));
    const fresh = await Promise.all(records.map((record) => tokens.accessToken(record)));
    expect(fresh).toEqual(records.map((_, i) => `fresh-refresh-${i}`));
    for (const record of records) {
      const stored = await storage.getConnection(record.organizationId, record.id);
      expect(stored?.tokenVersion).toBe(record.tokenVersion + 1);
    }
  }, 15_000);
});
