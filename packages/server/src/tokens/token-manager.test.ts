import { describe, expect, it } from "vitest";
import { createTokenCipher } from "../crypto/cipher.ts";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { ProviderError } from "../providers/errors.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage, ConnectionRecord } from "../storage/types.ts";
import { createTestClock } from "../testing/clock.ts";
import {
  ConnectionUnusableError,
  createTokenManager,
  type IssuedTokens,
  type TokenManager,
  type TokenRefresher,
} from "./token-manager.ts";

const KEYS = `k1:${Buffer.alloc(32, 5).toString("base64")}`;
const START = new Date("2026-03-01T12:00:00.000Z");
const HOUR = 3_600_000;

/** What the provider answers a refresh of a revoked grant. */
const revokedGrant = (): ProviderError =>
  new ProviderError("invalid_grant", { provider: "google", operation: "token.refresh", status: 400 });

interface Setup {
  readonly storage: CalendarStorage;
  readonly tokens: TokenManager;
  readonly clock: ReturnType<typeof createTestClock>;
  /** Refresh tokens the provider was asked to refresh, in order. */
  readonly refreshed: string[];
}

/** A token manager on memory storage whose provider answers with `answer` (default: new tokens, no rotation). */
async function setup(answer?: (refreshToken: string) => Promise<IssuedTokens>): Promise<Setup> {
  const clock = createTestClock(START);
  const storage = createMemoryStorage({ now: clock.now });
  const refreshed: string[] = [];
  const provider: TokenRefresher = {
    async refresh(refreshToken) {
      refreshed.push(refreshToken);
      await new Promise((resolve) => setTimeout(resolve, 10));
      return (
        answer?.(refreshToken) ?? {
          accessToken: `access-${refreshed.length + 1}`,
          refreshToken: null,
          expiresAt: new Date(clock.now().getTime() + HOUR),
        }
      );
    },
  };
  const tokens = createTokenManager({
    storage,
    cipher: createTokenCipher(await parseTokenKeys(KEYS)),
    providerFor: (record) => (record.provider === "google" ? provider : null),
    now: clock.now,
  });
  return { storage, tokens, clock, refreshed };
}

async function oauthConnection(
  { storage, tokens }: Setup,
  expiresInMs: number,
  provider = "google",
): Promise<ConnectionRecord> {
  const id = `conn-${provider}`;
  return storage.createConnection({
    id,
    organizationId: "org-a",
    provider,
    exclusive: true,
    tokens: await tokens.seal("org-a", id, {
      accessToken: "access-1",
      refreshToken: "refresh-1",
      expiresAt: new Date(START.getTime() + expiresInMs),
    }),
  });
}

/** An expired OAuth connection with one pending job. */
async function connectionWithJob(t: Setup): Promise<ConnectionRecord> {
  const row = await oauthConnection(t, 0);
  await t.storage.enqueueJob({ organizationId: "org-a", connectionId: row.id, eventId: "ev-1" });
  return row;
}

describe("token manager", () => {
  it("seals OAuth tokens as one oauth envelope and keeps the refresh token a provider did not rotate", async () => {
    const t = await setup();
    const write = await t.tokens.seal(
      "org-a",
      "conn-1",
      { accessToken: "a", refreshToken: null, expiresAt: START },
      "kept",
    );
    expect(write).toMatchObject({ credentialsKind: "oauth", keyId: "k1", tokenExpiresAt: START });
    expect(write.credentialsCiphertext?.startsWith("v2.k1.")).toBe(true);
    const row = await t.storage.createConnection({
      id: "conn-1",
      organizationId: "org-a",
      provider: "google",
      exclusive: true,
      tokens: write,
    });
    expect(await t.tokens.refreshTokenOf(row)).toBe("kept");
    expect(await t.tokens.openSecret(row)).toBeNull();
  });

  it("seals and opens a form provider's secret fields, which are no OAuth grant", async () => {
    const t = await setup();
    const secret = { username: "ops@acme.test", password: "app-password-1" };
    const write = await t.tokens.sealSecret("org-a", "conn-form", secret);
    expect(write).toMatchObject({ credentialsKind: "secret", tokenExpiresAt: null, keyId: "k1" });
    expect(write.credentialsCiphertext).not.toContain("app-password-1");
    const row = await t.storage.createConnection({
      id: "conn-form",
      organizationId: "org-a",
      provider: "caldav",
      exclusive: false,
      tokens: write,
    });
    expect(await t.tokens.openSecret(row)).toEqual(secret);
    expect(await t.tokens.refreshTokenOf(row)).toBeNull();
    const failure = await t.tokens.accessToken(row).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConnectionUnusableError);
    expect(failure).toMatchObject({ reason: "no_tokens" });
    expect(String(failure)).not.toContain("app-password-1");
    // Bound to its row: the same envelope under another connection id does not open.
    await expect(t.tokens.openSecret({ ...row, id: "conn-other" })).rejects.toMatchObject({
      reason: "credentials_unreadable",
      cause: { name: "TokenDecryptionError", reason: "authentication_failed" },
    });
  });

  it("answers a fresh access token without refreshing, and refreshes one that expires soon", async () => {
    const t = await setup();
    const row = await oauthConnection(t, HOUR);
    expect(await t.tokens.accessToken(row)).toBe("access-1");
    expect(t.refreshed).toEqual([]);
    t.clock.advance(HOUR - 60_000);
    expect(await t.tokens.accessToken(row)).toBe("access-2");
    expect(t.refreshed).toEqual(["refresh-1"]);
    const after = await t.storage.getConnection("org-a", row.id);
    expect(after).toMatchObject({ tokenVersion: 2, credentialsKind: "oauth" });
    expect(after && (await t.tokens.refreshTokenOf(after))).toBe("refresh-1");
  });

  it("refreshes once for concurrent callers, and a forced refresh after a stale read reuses the winner's", async () => {
    const t = await setup();
    const row = await oauthConnection(t, 0);
    const answers = await Promise.all([t.tokens.accessToken(row), t.tokens.accessToken(row)]);
    expect(answers).toEqual(["access-2", "access-2"]);
    expect(t.refreshed).toEqual(["refresh-1"]);
    // `row` is stale (version 1): the row was refreshed since, so force does not refresh again.
    expect(await t.tokens.accessToken(row, { force: true })).toBe("access-2");
    expect(t.refreshed).toHaveLength(1);
    const current = await t.storage.getConnection("org-a", row.id);
    if (!current) throw new Error("lost");
    expect(await t.tokens.accessToken(current, { force: true })).toBe("access-3");
    expect(t.refreshed).toHaveLength(2);
  });

  it("records a revoked grant as needs_reauth, parks the connection's jobs, and names no token", async () => {
    const t = await setup(async () => {
      throw revokedGrant();
    });
    const row = await connectionWithJob(t);
    const failure = await t.tokens.accessToken(row).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect(String(failure)).not.toContain("refresh-1");
    expect(await t.storage.getConnection("org-a", row.id)).toMatchObject({
      status: "needs_reauth",
      health: { reason: "token_revoked" },
    });
    expect(await t.storage.listJobs({ status: "parked" })).toHaveLength(1);
    const [entry] = await t.storage.listAudit("org-a");
    expect(entry).toMatchObject({
      action: "connection.refresh_failed",
      details: { reason: "token_revoked" },
    });
    expect(JSON.stringify(entry)).not.toContain("refresh-1");
  });

  it("says why a connection cannot give a token: not configured, no refresh token, disconnected", async () => {
    const t = await setup();
    const other = await oauthConnection(t, 0, "microsoft");
    await expect(t.tokens.accessToken(other)).rejects.toMatchObject({ reason: "not_configured" });
    const bare = await t.storage.createConnection({
      id: "conn-bare",
      organizationId: "org-b",
      provider: "google",
      exclusive: true,
      tokens: await t.tokens.seal("org-b", "conn-bare", {
        accessToken: "a",
        refreshToken: null,
        expiresAt: START,
      }),
    });
    await expect(t.tokens.accessToken(bare)).rejects.toMatchObject({ reason: "no_tokens" });
    const google = await oauthConnection(t, 0);
    await t.storage.disconnectConnection("org-a", google.id);
    await expect(t.tokens.accessToken(google)).rejects.toMatchObject({ reason: "no_tokens" });
  });
});

describe("token manager races", () => {
  it("a refresh failure does not overwrite the health of tokens written while it ran", async () => {
    // The provider refuses the old grant, but only after new tokens (a reconnect, a rotation by
    // another writer) reached the row.
    let written: () => void = () => {};
    const tokensWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    let asked: () => void = () => {};
    const providerAsked = new Promise<void>((resolve) => {
      asked = resolve;
    });
    const t = await setup(async () => {
      asked();
      await tokensWritten;
      throw revokedGrant();
    });
    const row = await connectionWithJob(t);
    const refresh = t.tokens.accessToken(row).catch((error: unknown) => error);
    await providerAsked;
    await t.storage.updateConnection("org-a", row.id, {
      tokens: await t.tokens.seal("org-a", row.id, {
        accessToken: "access-new",
        refreshToken: "refresh-new",
        expiresAt: new Date(START.getTime() + HOUR),
      }),
    });
    written();
    expect(await refresh).toBeInstanceOf(ProviderError);

    expect(await t.storage.getConnection("org-a", row.id)).toMatchObject({ status: "active", health: null });
    expect(await t.storage.listJobs({ status: "parked" })).toEqual([]);
  });
});

describe("access tokens in memory", () => {
  /** A token manager whose cipher counts what it opens. */
  async function counting(): Promise<{
    tokens: TokenManager;
    storage: CalendarStorage;
    opened: () => number;
  }> {
    const storage = createMemoryStorage({ now: () => START });
    const cipher = createTokenCipher(await parseTokenKeys(KEYS));
    let opens = 0;
    const tokens = createTokenManager({
      storage,
      cipher: {
        ...cipher,
        open: (record) => {
          opens += 1;
          return cipher.open(record);
        },
      },
      providerFor: () => null,
      now: () => START,
    });
    return { tokens, storage, opened: () => opens };
  }

  async function connect(
    t: { tokens: TokenManager; storage: CalendarStorage },
    organizationId: string,
    id: string,
    accessToken: string,
  ): Promise<ConnectionRecord> {
    return t.storage.createConnection({
      id,
      organizationId,
      provider: "google",
      exclusive: false,
      tokens: await t.tokens.seal(organizationId, id, {
        accessToken,
        refreshToken: "refresh",
        expiresAt: new Date(START.getTime() + HOUR),
      }),
    });
  }

  it("decrypts a grant once per row version, and again after a token write", async () => {
    const t = await counting();
    const row = await connect(t, "org-a", "conn-1", "access-a");
    for (let i = 0; i < 5; i++) expect(await t.tokens.accessToken(row)).toBe("access-a");
    expect(t.opened()).toBe(1);
    // A reconnect (or a refresh in another process) writes new tokens: the next read of the row misses.
    const updated = await t.storage.updateConnection("org-a", "conn-1", {
      tokens: await t.tokens.seal("org-a", "conn-1", {
        accessToken: "access-b",
        refreshToken: "refresh",
        expiresAt: new Date(START.getTime() + HOUR),
      }),
    });
    expect(updated?.tokenVersion).toBe(row.tokenVersion + 1);
    expect(await t.tokens.accessToken(updated as ConnectionRecord)).toBe("access-b");
    expect(t.opened()).toBe(2);
  });

  it("never answers one organization's connection with another's token", async () => {
    const t = await counting();
    const a = await connect(t, "org-a", "conn-1", "access-a");
    expect(await t.tokens.accessToken(a)).toBe("access-a");
    // The same id and version in another organization is another entry.
    const forged: ConnectionRecord = { ...a, organizationId: "org-b" };
    await expect(t.tokens.accessToken(forged)).rejects.toThrow();
    expect(t.opened()).toBe(2);
  });
});
