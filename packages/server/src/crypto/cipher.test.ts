import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/memory.ts";
import {
  type Credentials,
  decryptTokens,
  encryptTokens,
  openCredentials,
  type SealedRecord,
  type SecretCredentials,
  sealCredentials,
} from "./cipher.ts";
import { envelopeKeyId } from "./envelope.ts";
import { KEY_GENERATION_HINT, parseTokenKeys, TokenKeyError } from "./keyring.ts";
import { legacyWrapper, V1_KEYS, V1_ROWS } from "./legacy-v1.support.ts";
import { reencryptAllTokens } from "./rotate.ts";

const key = (fill: number): string => Buffer.alloc(32, fill).toString("base64");
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;
const owner = { organizationId: "org-a", connectionId: "conn-1" };
const SECRET = "1//refresh-token-plaintext";
const oauth: Credentials = { kind: "oauth", tokens: { accessToken: "ya29.access", refreshToken: SECRET } };

/** The stored fields of a write, as `openCredentials` reads them. */
const stored = (write: { credentialsKind: string | null; credentialsCiphertext: string | null }) =>
  ({ id: owner.connectionId, organizationId: owner.organizationId, ...write }) satisfies SealedRecord;

function flipChar(text: string, index: number): string {
  const char = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe("credentials cipher (v2)", () => {
  it("round-trips one envelope with a random IV, the version and the key id in it", async () => {
    const keyring = await parseTokenKeys(K1);
    const one = await sealCredentials(keyring, owner, oauth, new Date("2030-01-01T00:00:00Z"));
    const two = await sealCredentials(keyring, owner, oauth);
    expect(one).toMatchObject({ credentialsKind: "oauth", keyId: "k1" });
    expect(one.tokenExpiresAt?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    const envelope = one.credentialsCiphertext ?? "";
    expect(envelope).not.toBe(two.credentialsCiphertext);
    expect(envelope.startsWith("v2.k1.")).toBe(true);
    expect(envelopeKeyId(envelope)).toBe("k1");
    const [, , iv = "", sealed = ""] = envelope.split(".");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    const payload = JSON.stringify({ accessToken: "ya29.access", refreshToken: SECRET });
    expect(Buffer.from(sealed, "base64url")).toHaveLength(Buffer.byteLength(payload) + 16);
    expect(envelope).not.toContain(SECRET);
    expect(await openCredentials(keyring, stored(one))).toEqual(oauth);
  });

  it("seals a form provider's secret fields as kind secret, without an expiry", async () => {
    const keyring = await parseTokenKeys(K1);
    const secret = { username: "ops@acme.test", password: "ünïcødé ✓ app-password" };
    const write = await sealCredentials(keyring, owner, { kind: "secret", secret }, new Date());
    expect(write).toMatchObject({ credentialsKind: "secret", tokenExpiresAt: null, keyId: "k1" });
    expect(await openCredentials(keyring, stored(write))).toEqual({ kind: "secret", secret });
    expect(
      await openCredentials(keyring, stored({ credentialsKind: null, credentialsCiphertext: null })),
    ).toBe(null);
  });

  it("seals only the fields of its kind", async () => {
    const keyring = await parseTokenKeys(K1);
    const response = { accessToken: "a", refreshToken: null, expiresAt: new Date(), grantedScopes: ["x"] };
    const write = await sealCredentials(keyring, owner, { kind: "oauth", tokens: response });
    expect(await openCredentials(keyring, stored(write))).toEqual({
      kind: "oauth",
      tokens: { accessToken: "a", refreshToken: null },
    });
  });

  it("refuses tampered, truncated and malformed envelopes", async () => {
    const keyring = await parseTokenKeys(`${K1},${K2}`);
    const write = await sealCredentials(keyring, owner, oauth);
    const [version, keyId, iv = "", sealed = ""] = (write.credentialsCiphertext ?? "").split(".");
    const variants = {
      "ciphertext byte": [version, keyId, iv, flipChar(sealed, 3)].join("."),
      "tag byte": [version, keyId, iv, flipChar(sealed, sealed.length - 2)].join("."),
      iv: [version, keyId, flipChar(iv, 2), sealed].join("."),
      "key id swapped to another configured key": [version, "k2", iv, sealed].join("."),
      "truncated tag": [version, keyId, iv, sealed.slice(0, -4)].join("."),
      "truncated to less than a tag": [version, keyId, iv, sealed.slice(0, 10)].join("."),
      "truncated iv": [version, keyId, iv.slice(0, 8), sealed].join("."),
      "missing part": [version, keyId, iv].join("."),
      "other version": ["v9", keyId, iv, sealed].join("."),
      "v1 envelope where v2 belongs": ["v1", keyId, iv, sealed].join("."),
      empty: "",
      "broken legacy wrapper": "{not json",
    };
    for (const [name, tampered] of Object.entries(variants)) {
      await expect(
        openCredentials(keyring, stored({ credentialsKind: "oauth", credentialsCiphertext: tampered })),
        name,
      ).rejects.toMatchObject({ name: "TokenDecryptionError" });
    }
  });

  it("refuses an envelope moved to another row, organization or kind", async () => {
    const keyring = await parseTokenKeys(K1);
    const write = await sealCredentials(keyring, owner, oauth);
    for (const other of [
      { ...stored(write), id: "conn-2" },
      { ...stored(write), organizationId: "org-b" },
      { ...stored(write), credentialsKind: "secret" },
    ]) {
      await expect(openCredentials(keyring, other)).rejects.toMatchObject({
        reason: "authentication_failed",
      });
    }
  });

  it("refuses a payload that does not have the shape of its kind, without echoing it", async () => {
    const keyring = await parseTokenKeys(K1);
    const wrong = { password: 42 } as unknown as SecretCredentials;
    const write = await sealCredentials(keyring, owner, { kind: "secret", secret: wrong });
    const failure = await openCredentials(keyring, stored(write)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "TokenDecryptionError", reason: "malformed" });
    expect(String((failure as Error).message)).not.toContain("42");
  });

  it("names an unknown key id clearly, without leaking the ciphertext", async () => {
    const write = await sealCredentials(await parseTokenKeys(K1), owner, oauth);
    const failure = await openCredentials(await parseTokenKeys(K2), stored(write)).catch(
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: "TokenDecryptionError", reason: "unknown_key" });
    expect(String((failure as Error).message)).toContain('"k1"');
    expect(String((failure as Error).message)).toContain("CALENDAR_TOKEN_KEYS");
    expect(String((failure as Error).message)).not.toContain(write.credentialsCiphertext?.split(".")[3]);
  });

  it("encrypts and decrypts a connection's token pair as one oauth envelope", async () => {
    const keyring = await parseTokenKeys(K1);
    const expiresAt = new Date("2030-01-01T00:00:00Z");
    const write = await encryptTokens(keyring, owner, {
      accessToken: "ya29.access",
      refreshToken: null,
      expiresAt,
    });
    expect(write).toMatchObject({ keyId: "k1", credentialsKind: "oauth", tokenExpiresAt: expiresAt });
    const storage = createMemoryStorage();
    const row = await storage.createConnection({
      id: owner.connectionId,
      organizationId: owner.organizationId,
      provider: "google",
      exclusive: true,
      tokens: write,
    });
    expect(await decryptTokens(keyring, row)).toEqual({
      accessToken: "ya29.access",
      refreshToken: null,
      expiresAt,
    });
    expect(await encryptTokens(keyring, owner, { accessToken: null, refreshToken: null, expiresAt })).toEqual(
      {
        credentialsKind: null,
        credentialsCiphertext: null,
        tokenExpiresAt: expiresAt,
        keyId: null,
      },
    );
  });
});

describe("v1 tokens moved by migration 2", () => {
  it("open through the wrapper with their old field-bound associated data", async () => {
    const keyring = await parseTokenKeys(`${V1_KEYS.k1},${V1_KEYS.k0}`);
    for (const row of V1_ROWS) {
      const record = { id: row.id, organizationId: row.organizationId, credentialsKind: "oauth" };
      expect(
        await openCredentials(keyring, { ...record, credentialsCiphertext: legacyWrapper(row) }),
      ).toEqual({
        kind: "oauth",
        tokens: { accessToken: row.accessToken, refreshToken: row.refreshToken },
      });
      // PostgreSQL's json_build_object spaces its output differently; it reads the same.
      const spaced = legacyWrapper(row).replaceAll('":', '" : ').replaceAll(',"', ', "');
      expect(await openCredentials(keyring, { ...record, credentialsCiphertext: spaced })).toMatchObject({
        kind: "oauth",
      });
    }
  });

  it("refuse a wrapper moved to another row, a swapped field, or another kind", async () => {
    const keyring = await parseTokenKeys(`${V1_KEYS.k1},${V1_KEYS.k0}`);
    const [row] = V1_ROWS;
    if (!row) throw new Error("no v1 fixture");
    const wrapper = legacyWrapper(row);
    const swapped = JSON.stringify({
      legacy: "v1",
      access_token: row.refreshTokenCiphertext,
      refresh_token: row.accessTokenCiphertext,
    });
    const record = { id: row.id, organizationId: row.organizationId, credentialsKind: "oauth" };
    for (const [name, other, reason] of [
      [
        "another connection",
        { ...record, id: "conn-2", credentialsCiphertext: wrapper },
        "authentication_failed",
      ],
      ["swapped fields", { ...record, credentialsCiphertext: swapped }, "authentication_failed"],
      ["kind secret", { ...record, credentialsKind: "secret", credentialsCiphertext: wrapper }, "malformed"],
      ["not v1", { ...record, credentialsCiphertext: '{"legacy":"v0"}' }, "malformed"],
    ] as const) {
      await expect(openCredentials(keyring, other), name).rejects.toMatchObject({ reason });
    }
  });
});

describe("CALENDAR_TOKEN_KEYS", () => {
  it("uses the first key to encrypt and every key to decrypt", async () => {
    const keyring = await parseTokenKeys(` ${K2} , ${K1} `);
    expect(keyring.primaryKeyId).toBe("k2");
    expect([...keyring.keys.keys()]).toEqual(["k2", "k1"]);
    const fromOld = await sealCredentials(await parseTokenKeys(K1), owner, oauth);
    expect(await openCredentials(keyring, stored(fromOld))).toEqual(oauth);
    expect((await sealCredentials(keyring, owner, oauth)).keyId).toBe("k2");
    // base64url keys are accepted too.
    expect((await parseTokenKeys(`k3:${Buffer.alloc(32, 250).toString("base64url")}`)).primaryKeyId).toBe(
      "k3",
    );
  });

  it("refuses a key that is not exactly 32 bytes, saying how to generate one", async () => {
    for (const value of [
      `k1:${Buffer.alloc(16, 1).toString("base64")}`,
      `k1:${Buffer.alloc(33, 1).toString("base64")}`,
    ]) {
      const failure = await parseTokenKeys(value).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TokenKeyError);
      expect((failure as Error).message).toContain("exactly 32");
      expect((failure as Error).message).toContain("openssl rand -base64 32");
      expect((failure as Error).message).not.toContain(value.slice(3));
    }
  });

  it("refuses empty, malformed and duplicate configurations", async () => {
    for (const value of [
      undefined,
      "",
      " , ",
      "no-colon",
      `:${key(1)}`,
      "k1:***",
      `k 1:${key(1)}`,
      `${K1},${K1}`,
    ]) {
      await expect(parseTokenKeys(value), String(value)).rejects.toBeInstanceOf(TokenKeyError);
    }
    expect(KEY_GENERATION_HINT).toContain("openssl rand -base64 32");
  });
});

describe("key rotation", () => {
  it("re-encrypts every row to the primary key, leaving none on the old key", async () => {
    const storage = createMemoryStorage();
    const old = await parseTokenKeys(K1);
    for (let i = 0; i < 7; i++) {
      const row = { organizationId: `org-${i}`, connectionId: `conn-${i}` };
      const credentials: Credentials =
        i % 2 === 0
          ? { kind: "oauth", tokens: { accessToken: `access-${i}`, refreshToken: `refresh-${i}` } }
          : { kind: "secret", secret: { password: `password-${i}` } };
      await storage.createConnection({
        id: row.connectionId,
        organizationId: row.organizationId,
        provider: i % 2 === 0 ? "google" : "caldav",
        exclusive: i % 2 === 0,
        tokens: await sealCredentials(old, row, credentials),
      });
    }
    await storage.createConnection({ id: "feed", organizationId: "org-0", provider: "ics", exclusive: true });
    const rotated = await parseTokenKeys(`${K2},${K1}`);
    const result = await reencryptAllTokens(storage, rotated, { batchSize: 3 });
    expect(result).toEqual({ reencrypted: 7, failed: [], remaining: 0 });
    expect(await storage.listConnectionsNotOnKey("k2")).toEqual([]);
    // The old key can now go: everything opens with the new key alone, kind and content kept.
    const onlyNew = await parseTokenKeys(K2);
    for (let i = 0; i < 7; i++) {
      const row = await storage.getConnection(`org-${i}`, `conn-${i}`);
      expect(row?.keyId).toBe("k2");
      expect(envelopeKeyId(row?.credentialsCiphertext ?? "")).toBe("k2");
      expect(row && (await openCredentials(onlyNew, row))).toEqual(
        i % 2 === 0
          ? { kind: "oauth", tokens: { accessToken: `access-${i}`, refreshToken: `refresh-${i}` } }
          : { kind: "secret", secret: { password: `password-${i}` } },
      );
    }
    expect(await reencryptAllTokens(storage, rotated)).toEqual({ reencrypted: 0, failed: [], remaining: 0 });
  });

  it("reports rows whose key is gone instead of failing the whole run, naming no secret", async () => {
    const storage = createMemoryStorage();
    const lost = await parseTokenKeys(`lost:${key(9)}`);
    await storage.createConnection({
      id: owner.connectionId,
      organizationId: owner.organizationId,
      provider: "google",
      exclusive: true,
      tokens: await encryptTokens(lost, owner, { accessToken: "a", refreshToken: SECRET, expiresAt: null }),
    });
    const result = await reencryptAllTokens(storage, await parseTokenKeys(K2));
    expect(result.reencrypted).toBe(0);
    expect(result.remaining).toBe(1);
    expect(result.failed).toEqual([
      expect.objectContaining({ connectionId: owner.connectionId, organizationId: owner.organizationId }),
    ]);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
