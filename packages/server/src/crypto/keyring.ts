import { decodeBase64IgnorePadding, decodeBase64urlIgnorePadding } from "@oslojs/encoding";

/** The environment variable holding the token keys. */
export const TOKEN_KEYS_ENV = "CALENDAR_TOKEN_KEYS";

/** How to make a key, repeated in every key error. */
export const KEY_GENERATION_HINT =
  "Generate a key with `openssl rand -base64 32` and set CALENDAR_TOKEN_KEYS=k1:<that value> " +
  "(several keys: comma-separated id:key pairs; the first encrypts, all decrypt).";

/** Key ids go into every envelope: short, and free of the envelope's `.` separator. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** A WebCrypto key, named without the DOM library. */
export type TokenCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** The configuration is unusable. The message names the problem and how to generate a key, never a key. */
export class TokenKeyError extends Error {
  override readonly name = "TokenKeyError";
}

/** The AES-256-GCM keys tokens are encrypted with. The first (`primary`) encrypts; all decrypt. */
export interface TokenKeyring {
  readonly primaryKeyId: string;
  /** Every key by id, primary included. Keys are non-extractable WebCrypto keys. */
  readonly keys: ReadonlyMap<string, TokenCryptoKey>;
}

function decodeKey(id: string, encoded: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = /[-_]/.test(encoded) ? decodeBase64urlIgnorePadding(encoded) : decodeBase64IgnorePadding(encoded);
  } catch {
    throw new TokenKeyError(`${TOKEN_KEYS_ENV}: key "${id}" is not valid base64. ${KEY_GENERATION_HINT}`);
  }
  if (bytes.length !== 32) {
    throw new TokenKeyError(
      `${TOKEN_KEYS_ENV}: key "${id}" is ${bytes.length} bytes; AES-256 needs exactly 32. ${KEY_GENERATION_HINT}`,
    );
  }
  return bytes;
}

/** Imports raw 32-byte keys as a keyring; the first entry is the primary. */
export async function createTokenKeyring(
  entries: readonly { readonly id: string; readonly key: Uint8Array }[],
): Promise<TokenKeyring> {
  const first = entries[0];
  if (!first) throw new TokenKeyError(`${TOKEN_KEYS_ENV} has no key. ${KEY_GENERATION_HINT}`);
  const keys = new Map<string, TokenCryptoKey>();
  for (const { id, key } of entries) {
    if (!KEY_ID.test(id)) {
      throw new TokenKeyError(
        `${TOKEN_KEYS_ENV}: key id "${id.slice(0, 40)}" must be 1-32 letters, digits, "-" or "_". ${KEY_GENERATION_HINT}`,
      );
    }
    if (keys.has(id)) throw new TokenKeyError(`${TOKEN_KEYS_ENV}: key id "${id}" appears twice.`);
    if (key.length !== 32) {
      throw new TokenKeyError(
        `${TOKEN_KEYS_ENV}: key "${id}" is ${key.length} bytes; AES-256 needs exactly 32. ${KEY_GENERATION_HINT}`,
      );
    }
    const raw = new Uint8Array(key);
    keys.set(
      id,
      await crypto.subtle.importKey("raw", raw, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]),
    );
  }
  return { primaryKeyId: first.id, keys };
}

/**
 * Parses `CALENDAR_TOKEN_KEYS` (`id:base64key,id:base64key`, first encrypts). Throws
 * `TokenKeyError` at start for an empty value, a malformed pair, a duplicate id, or a key that is
 * not exactly 32 bytes, with a message saying how to generate one.
 */
export function parseTokenKeys(value: string | undefined): Promise<TokenKeyring> {
  const pairs = (value ?? "")
    .split(",")
    .map((pair) => pair.trim())
    .filter((pair) => pair.length > 0);
  if (pairs.length === 0)
    return Promise.reject(new TokenKeyError(`${TOKEN_KEYS_ENV} is not set. ${KEY_GENERATION_HINT}`));
  try {
    const entries = pairs.map((pair) => {
      const colon = pair.indexOf(":");
      if (colon <= 0)
        throw new TokenKeyError(
          `${TOKEN_KEYS_ENV}: every entry must be id:base64key. ${KEY_GENERATION_HINT}`,
        );
      const id = pair.slice(0, colon).trim();
      return { id, key: decodeKey(id, pair.slice(colon + 1).trim()) };
    });
    return createTokenKeyring(entries);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The keyring from an environment (pass `process.env`). */
export function loadTokenKeyring(env: Readonly<Record<string, string | undefined>>): Promise<TokenKeyring> {
  return parseTokenKeys(env[TOKEN_KEYS_ENV]);
}
