import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { TokenKeyring } from "./keyring.ts";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Why a ciphertext could not be opened. */
export type TokenDecryptionFailure =
  | "malformed"
  | "unsupported_version"
  | "unknown_key"
  | "authentication_failed";

/** A ciphertext could not be opened. The message never contains the ciphertext, a key or a secret. */
export class TokenDecryptionError extends Error {
  override readonly name = "TokenDecryptionError";
  constructor(
    readonly reason: TokenDecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Random bytes for the IV (injectable so tests can pin them). */
export type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const defaultRandom: RandomFill = (bytes) => crypto.getRandomValues(bytes);

/** The associated data of one envelope, given the key id it names. */
export type AssociatedData = (keyId: string) => Uint8Array<ArrayBuffer>;

const encoder = new TextEncoder();

/** Associated data as the JSON array of its parts (unambiguous, whatever the parts contain). */
export function associatedData(...parts: readonly string[]): Uint8Array<ArrayBuffer> {
  return encoder.encode(JSON.stringify(parts));
}

/** The key id an envelope names (`<version>.<keyId>.<iv>.<sealed>`), or null when it is not one. */
export function envelopeKeyId(envelope: string): string | null {
  const parts = envelope.split(".");
  return parts.length === 4 && /^v\d+$/.test(parts[0] ?? "") ? (parts[1] ?? null) : null;
}

/**
 * AES-256-GCM with the keyring's primary key, a random 96-bit IV and a 16-byte tag over `plaintext`
 * and `aad`. Returns `<version>.<keyId>.<iv>.<ciphertext+tag>` (base64url) and the key id.
 */
export async function sealEnvelope(
  keyring: TokenKeyring,
  version: string,
  aad: AssociatedData,
  plaintext: string,
  random: RandomFill = defaultRandom,
): Promise<{ readonly envelope: string; readonly keyId: string }> {
  const keyId = keyring.primaryKeyId;
  const key = keyring.keys.get(keyId);
  if (!key)
    throw new TokenDecryptionError("unknown_key", `The primary key "${keyId}" is missing from the keyring.`);
  const iv = random(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: aad(keyId), tagLength: TAG_BYTES * 8 },
    key,
    encoder.encode(plaintext),
  );
  const envelope = [
    version,
    keyId,
    encodeBase64urlNoPadding(iv),
    encodeBase64urlNoPadding(new Uint8Array(sealed)),
  ].join(".");
  return { envelope, keyId };
}

/**
 * Opens an envelope of `version` with the key it names. Throws `TokenDecryptionError` when it is
 * malformed or truncated, of another version, names a key the keyring lacks, or does not
 * authenticate (tampered, or sealed for other associated data).
 */
export async function openEnvelope(
  keyring: TokenKeyring,
  version: string,
  aad: AssociatedData,
  envelope: string,
): Promise<string> {
  const parts = envelope.split(".");
  if (parts.length !== 4) throw new TokenDecryptionError("malformed", "The ciphertext is malformed.");
  const [found = "", keyId = "", ivText = "", sealedText = ""] = parts;
  if (found !== version) {
    throw new TokenDecryptionError(
      "unsupported_version",
      `The ciphertext has an unsupported version (${found.slice(0, 8)}; expected ${version}).`,
    );
  }
  let iv: Uint8Array<ArrayBuffer>;
  let sealed: Uint8Array<ArrayBuffer>;
  try {
    iv = new Uint8Array(decodeBase64urlIgnorePadding(ivText));
    sealed = new Uint8Array(decodeBase64urlIgnorePadding(sealedText));
  } catch {
    throw new TokenDecryptionError("malformed", "The ciphertext is malformed.");
  }
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new TokenDecryptionError(
      "unknown_key",
      `The credentials were encrypted with key "${keyId.slice(0, 32)}", which is not in CALENDAR_TOKEN_KEYS. ` +
        "Add that key back (after the primary) or reconnect the calendar.",
    );
  }
  if (iv.length !== IV_BYTES || sealed.length < TAG_BYTES) {
    throw new TokenDecryptionError("malformed", "The ciphertext is truncated.");
  }
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: aad(keyId), tagLength: TAG_BYTES * 8 },
      key,
      sealed,
    );
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new TokenDecryptionError(
      "authentication_failed",
      "The ciphertext does not authenticate (tampered, or from another row or kind).",
    );
  }
}
