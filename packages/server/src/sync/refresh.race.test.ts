// Refresh race: 20 concurrent token requests for one connection through two PostgreSQL pools (two
// storages on one schema, each with its own token manager, as two processes would have) against the
// fake Microsoft, whose refresh tokens rotate and whose token endpoint rejects a rotated one.

import { createFakeMicrosoft, type FakeMicrosoft } from "@org/calendar-connections-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenCipher } from "../crypto/cipher.ts";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { isProviderError } from "../providers/errors.ts";
import { microsoftProvider } from "../providers/microsoft/client.ts";
import type { OAuthCalendarClient } from "../providers/types.ts";
import { newId } from "../storage/ids.ts";
import { createPostgresStorage } from "../storage/postgres.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { createScratchSchema, type ScratchSchema, testDatabaseUrl } from "../testing/postgres.support.ts";
import { createTokenManager, type TokenManager } from "../tokens/token-manager.ts";

const DB_URL = testDatabaseUrl(process.env);
const ORG = "org_race";
const EMAIL = "ada@contoso.test";
const CALLERS = 20;
const VERIFIER = "race-verifier-".repeat(4);
const KEYS = `k1:${Buffer.alloc(32, 3).toString("base64")}`;

interface Setup {
  readonly schema: ScratchSchema;
  readonly fake: FakeMicrosoft;
  readonly provider: OAuthCalendarClient;
  readonly storages: readonly [CalendarStorage, CalendarStorage];
  readonly managers: readonly [TokenManager, TokenManager];
  readonly connectionId: string;
}

let setup: Setup;

beforeAll(async () => {
  const schema = await createScratchSchema(DB_URL, "cc_race");
  const fake = createFakeMicrosoft({ baseURL: "http://fake-ms.test", accounts: [{ email: EMAIL }] });
  const provider = microsoftProvider({
    clientId: "race-client",
    clientSecret: "race-secret",
    redirectURI: "https://app.test/cb",
    endpoints: fake.endpoints,
    fetch: fake.fetch,
  });
  const storages = [
    createPostgresStorage({ connectionString: DB_URL, schema: schema.name, max: 4 }),
    createPostgresStorage({ connectionString: DB_URL, schema: schema.name, max: 4 }),
  ] as const;
  await storages[0].migrate();
  const cipher = createTokenCipher(await parseTokenKeys(KEYS));
  const managers = storages.map((storage) =>
    createTokenManager({ storage, cipher, providerFor: () => provider, now: () => new Date() }),
  );
  const [first, second] = managers;
  if (first === undefined || second === undefined) throw new Error("two token managers expected");

  const url = provider.createAuthorizationURL({ state: "race-state", codeVerifier: VERIFIER });
  const back = await fake.consent(url, { email: EMAIL });
  const tokens = await provider.exchangeCode(back.searchParams.get("code") ?? "", VERIFIER);
  const connectionId = newId();
  await storages[0].createConnection({
    id: connectionId,
    organizationId: ORG,
    provider: "microsoft",
    exclusive: true,
    accountEmail: EMAIL,
    calendarId: "cal",
    tokens: await first.seal(ORG, connectionId, tokens),
  });
  setup = { schema, fake, provider, storages, managers: [first, second], connectionId };
});

afterAll(async () => {
  if (setup === undefined) return;
  await Promise.all(setup.storages.map((storage) => storage.close()));
  await setup.schema.drop();
});

/** Moves the stored token expiry into the past, so the next request must refresh. */
async function expireStoredTokens(storage: CalendarStorage, connectionId: string): Promise<ConnectionRecord> {
  const record = await storage.getConnection(ORG, connectionId);
  if (record === null) throw new Error("the connection is gone");
  const updated = await storage.updateConnection(ORG, connectionId, {
    tokens: {
      credentialsKind: record.credentialsKind,
      credentialsCiphertext: record.credentialsCiphertext,
      keyId: record.keyId,
      tokenExpiresAt: new Date(Date.now() - 60_000),
    },
  });
  if (updated === null) throw new Error("the connection could not be expired");
  return updated;
}

describe("refresh race across two PostgreSQL pools", () => {
  it(`gives ${CALLERS} concurrent callers one refresh, the new access token, and stores the newest tokens`, async () => {
    const { fake, storages, managers, connectionId } = setup;
    // Slow token responses keep every caller inside the refresh window.
    fake.setLatency(40);
    for (let round = 1; round <= 3; round++) {
      const before = await expireStoredTokens(storages[0], connectionId);
      const oldRefresh = await managers[0].refreshTokenOf(before);
      const refreshCalls = fake.callCount("token");
      // Each caller reads the row through its own pool, then all ask at once.
      const snapshots = await Promise.all(
        Array.from({ length: CALLERS }, async (_, i) => {
          const record = await storages[i % 2 === 0 ? 0 : 1].getConnection(ORG, connectionId);
          if (record === null) throw new Error("the connection is gone");
          return { manager: managers[i % 2 === 0 ? 0 : 1], record };
        }),
      );
      const tokens = await Promise.all(snapshots.map(({ manager, record }) => manager.accessToken(record)));

      expect(fake.callCount("token") - refreshCalls, `round ${round}: refresh calls`).toBe(1);
      const grant = fake.inspect().grants.find((candidate) => candidate.email === EMAIL);
      const newest = grant?.accessTokens.at(-1);
      expect(newest).toBeDefined();
      expect(new Set(tokens)).toEqual(new Set([newest]));
      const stored = await storages[1].getConnection(ORG, connectionId);
      if (stored === null || stored.credentialsCiphertext === null) throw new Error("no stored tokens");
      expect(stored.tokenVersion).toBe(before.tokenVersion + 1);
      expect(stored.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now());
      expect(await managers[1].refreshTokenOf(stored)).toBe(grant?.refreshToken);
      expect(await managers[1].accessToken(stored)).toBe(newest);
      expect(stored.status).toBe("active");
      // The fake really rejects reuse: a second refresh with the old token would have failed.
      expect(grant?.refreshTokens.find((token) => token.token === oldRefresh)?.rotated).toBe(true);
    }
    fake.setLatency(0);
  });

  it("the fake's token endpoint rejects a rotated refresh token (what a double refresh would hit)", async () => {
    const { fake, provider } = setup;
    const rotated = fake.inspect().grants[0]?.refreshTokens.find((token) => token.rotated)?.token;
    expect(rotated).toBeDefined();
    const error = await provider.refresh(rotated ?? "").then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(isProviderError(error, "invalid_grant")).toBe(true);
  });
});
