import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/memory.ts";
import {
  decryptToken,
  decryptTokens,
  encryptToken,
  encryptTokens,
  envelopeKeyId,
  type TokenContext,
} from "./cipher.ts";
import { KEY_GENERATION_HINT, parseTokenKeys, TokenKeyError } from "./keyring.ts";
import { reencryptAllTokens } from "./rotate.ts";

const key = (fill: number): string => Buffer.alloc(32, fill).toString("base64");
const K1 = `k1:${key(1)}`;
const K2 = `k2:${key(2)}`;
const context: TokenContext = { organizationId: "org-a", connectionId: "conn-1", field: "refresh_token" };
const SECRET = "1//refresh-token-plaintext";

function flipChar(text: string, index: number): string {
  const char = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + char + text.slice(index + 1);
}

describe("token cipher", () => {
  it("round-trips with a random IV, a version and the key id in the envelope", async () => {
    const keyring = await parseTokenKeys(K1);
    const one = await encryptToken(keyring, SECRET, context);
    const two = await encryptToken(keyring, SECRET, context);
    expect(one).not.toBe(two);
    expect(one.startsWith("v1.k1.")).toBe(true);
    expect(envelopeKeyId(one)).toBe("k1");
    const [, , iv = "", sealed = ""] = one.split(".");
    expect(Buffer.from(iv, "base64url")).toHaveLength(12);
    expect(Buffer.from(sealed, "base64url")).toHaveLength(Buffer.byteLength(SECRET) + 16);
    expect(one).not.toContain(SECRET);
    expect(await decryptToken(keyring, one, context)).toBe(SECRET);
    expect(await decryptToken(keyring, await encryptToken(keyring, "ünïcødé ✓", context), context)).toBe(
      "ünïcødé ✓",
    );
  });

  it("refuses tampered, truncated and malformed ciphertexts", async () => {
    const keyring = await parseTokenKeys(`${K1},${K2}`);
    const envelope = await encryptToken(keyring, SECRET, context);
    const [version, keyId, iv = "", sealed = ""] = envelope.split(".");
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
      empty: "",
    };
    for (const [name, tampered] of Object.entries(variants)) {
      await expect(decryptToken(keyring, tampered, context), name).rejects.toMatchObject({
        name: "TokenDecryptionError",
      });
    }
  });

  it("refuses a ciphertext moved to another row, organization or field", async () => {
    const keyring = await parseTokenKeys(K1);
    const envelope = await encryptToken(keyring, SECRET, context);
    for (const other of [
      { ...context, connectionId: "conn-2" },
      { ...context, organizationId: "org-b" },
      { ...context, field: "access_token" as const },
    ]) {
      await expect(decryptToken(keyring, envelope, other)).rejects.toMatchObject({
        reason: "authentication_failed",
      });
    }
  });

  it("names an unknown key id clearly, without leaking the ciphertext", async () => {
    const old = await parseTokenKeys(K1);
    const envelope = await encryptToken(old, SECRET, context);
    const current = await parseTokenKeys(K2);
    const failure = await decryptToken(current, envelope, context).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "TokenDecryptionError", reason: "unknown_key" });
    expect(String((failure as Error).message)).toContain('"k1"');
    expect(String((failure as Error).message)).toContain("CALENDAR_TOKEN_KEYS");
    expect(String((failure as Error).message)).not.toContain(envelope.split(".")[3]);
  });

  it("encrypts and decrypts a connection's token pair with row-bound associated data", async () => {
    const keyring = await parseTokenKeys(K1);
    const owner = { organizationId: "org-a", connectionId: "conn-1" };
    const expiresAt = new Date("2030-01-01T00:00:00Z");
    const write = await encryptTokens(keyring, owner, {
      accessToken: "ya29.access",
      refreshToken: null,
      expiresAt,
    });
    expect(write).toMatchObject({ keyId: "k1", refreshTokenCiphertext: null, tokenExpiresAt: expiresAt });
    const storage = createMemoryStorage();
    const row = await storage.createConnection({
      id: "conn-1",
      organizationId: "org-a",
      provider: "google",
      tokens: write,
    });
    expect(await decryptTokens(keyring, row)).toEqual({
      accessToken: "ya29.access",
      refreshToken: null,
      expiresAt,
    });
    // The access ciphertext cannot be read as the refresh token.
    await expect(
      decryptToken(keyring, write.accessTokenCiphertext ?? "", { ...owner, field: "refresh_token" }),
    ).rejects.toMatchObject({ reason: "authentication_failed" });
  });
});

describe("CALENDAR_TOKEN_KEYS", () => {
  it("uses the first key to encrypt and every key to decrypt", async () => {
    const keyring = await parseTokenKeys(` ${K2} , ${K1} `);
    expect(keyring.primaryKeyId).toBe("k2");
    expect([...keyring.keys.keys()]).toEqual(["k2", "k1"]);
    const fromOld = await encryptToken(await parseTokenKeys(K1), SECRET, context);
    expect(await decryptToken(keyring, fromOld, context)).toBe(SECRET);
    expect(envelopeKeyId(await encryptToken(keyring, SECRET, context))).toBe("k2");
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
      const owner = { organizationId: `org-${i}`, connectionId: `conn-${i}` };
      await storage.createConnection({
        id: owner.connectionId,
        organizationId: owner.organizationId,
        provider: "google",
        tokens: await encryptTokens(old, owner, {
          accessToken: `access-${i}`,
          refreshToken: `refresh-${i}`,
          expiresAt: null,
        }),
      });
    }
    await storage.createConnection({ id: "feed", organizationId: "org-0", provider: "ics" });
    const rotated = await parseTokenKeys(`${K2},${K1}`);
    const result = await reencryptAllTokens(storage, rotated, { batchSize: 3 });
    expect(result).toEqual({ reencrypted: 7, failed: [], remaining: 0 });
    expect(await storage.listConnectionsNotOnKey("k2")).toEqual([]);
    // The old key can now go: everything opens with the new key alone.
    const onlyNew = await parseTokenKeys(K2);
    for (let i = 0; i < 7; i++) {
      const row = await storage.getConnection(`org-${i}`, `conn-${i}`);
      expect(row?.keyId).toBe("k2");
      expect(envelopeKeyId(row?.refreshTokenCiphertext ?? "")).toBe("k2");
      expect(row && (await decryptTokens(onlyNew, row))).toMatchObject({
        accessToken: `access-${i}`,
        refreshToken: `refresh-${i}`,
      });
    }
    expect(await reencryptAllTokens(storage, rotated)).toEqual({ reencrypted: 0, failed: [], remaining: 0 });
  });

  it("reports rows whose key is gone instead of failing the whole run", async () => {
    const storage = createMemoryStorage();
    const lost = await parseTokenKeys(`lost:${key(9)}`);
    const owner = { organizationId: "org-a", connectionId: "conn-1" };
    await storage.createConnection({
      id: "conn-1",
      organizationId: "org-a",
      provider: "google",
      tokens: await encryptTokens(lost, owner, { accessToken: "a", refreshToken: "r", expiresAt: null }),
    });
    const result = await reencryptAllTokens(storage, await parseTokenKeys(K2));
    expect(result.reencrypted).toBe(0);
    expect(result.remaining).toBe(1);
    expect(result.failed).toEqual([
      expect.objectContaining({ connectionId: "conn-1", organizationId: "org-a" }),
    ]);
  });
});
