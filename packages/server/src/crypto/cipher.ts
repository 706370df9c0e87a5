import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import type { ConnectionRecord, TokenWrite } from "../storage/types.ts";
import type { TokenKeyring } from "./keyring.ts";

/** The envelope format version written now. */
export const ENVELOPE_VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The token fields of a connection row; each is bound into its ciphertext. */
export type TokenField = "access_token" | "refresh_token";

/** Which row and field a ciphertext belongs to: the associated data of the encryption. */
export interface TokenContext {
  readonly organizationId: string;
  readonly connectionId: string;
  readonly field: TokenField;
}

export type TokenDecryptionFailure =
  | "malformed"
  | "unsupported_version"
  | "unknown_key"
  | "authentication_failed";

/** A ciphertext could not be opened. The message never contains the ciphertext or a key. */
export class TokenDecryptionError extends Error {
  override readonly name = "TokenDecryptionError";
  constructor(
    readonly reason: TokenDecryptionFailure,
    message: string,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();

function associatedData(keyId: string, context: TokenContext): Uint8Array<ArrayBuffer> {
  return encoder.encode(
    JSON.stringify([
      "calendar-connections/token",
      ENVELOPE_VERSION,
      keyId,
      context.organizationId,
      context.connectionId,
      context.field,
    ]),
  );
}

interface Envelope {
  readonly version: string;
  readonly keyId: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly sealed: Uint8Array<ArrayBuffer>;
}

function parseEnvelope(envelope: string): Envelope {
  const parts = envelope.split(".");
  if (parts.length !== 4) throw new TokenDecryptionError("malformed", "The token ciphertext is malformed.");
  const [version = "", keyId = "", iv = "", sealed = ""] = parts;
  if (version !== ENVELOPE_VERSION) {
    throw new TokenDecryptionError(
      "unsupported_version",
      `The token ciphertext has an unsupported version (${version.slice(0, 8)}).`,
    );
  }
  try {
    return {
      version,
      keyId,
      iv: new Uint8Array(decodeBase64urlIgnorePadding(iv)),
      sealed: new Uint8Array(decodeBase64urlIgnorePadding(sealed)),
    };
  } catch {
    throw new TokenDecryptionError("malformed", "The token ciphertext is malformed.");
  }
}

/** The key id an envelope names, or null when it is not an envelope. */
export function envelopeKeyId(envelope: string): string | null {
  const parts = envelope.split(".");
  return parts.length === 4 && parts[0] === ENVELOPE_VERSION ? (parts[1] ?? null) : null;
}

/**
 * AES-256-GCM with the keyring's primary key, a random 96-bit IV and a 16-byte tag, bound to its
 * row and field. Returns `v1.<keyId>.<iv>.<ciphertext+tag>` (base64url).
 */
export async function encryptToken(
  keyring: TokenKeyring,
  plaintext: string,
  context: TokenContext,
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (bytes) =>
    crypto.getRandomValues(bytes),
): Promise<string> {
  const keyId = keyring.primaryKeyId;
  const key = keyring.keys.get(keyId);
  if (!key)
    throw new TokenDecryptionError("unknown_key", `The primary key "${keyId}" is missing from the keyring.`);
  const iv = random(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: associatedData(keyId, context), tagLength: TAG_BYTES * 8 },
    key,
    encoder.encode(plaintext),
  );
  return [
    ENVELOPE_VERSION,
    keyId,
    encodeBase64urlNoPadding(iv),
    encodeBase64urlNoPadding(new Uint8Array(sealed)),
  ].join(".");
}

/**
 * Opens an envelope for its row and field. Throws `TokenDecryptionError` when it is malformed or
 * truncated, names a key the keyring lacks, or was tampered with or belongs to another row or field.
 */
export async function decryptToken(
  keyring: TokenKeyring,
  envelope: string,
  context: TokenContext,
): Promise<string> {
  const parsed = parseEnvelope(envelope);
  const key = keyring.keys.get(parsed.keyId);
  if (!key) {
    throw new TokenDecryptionError(
      "unknown_key",
      `The token was encrypted with key "${parsed.keyId.slice(0, 32)}", which is not in CALENDAR_TOKEN_KEYS. ` +
        "Add that key back (after the primary) or reconnect the calendar.",
    );
  }
  if (parsed.iv.length !== IV_BYTES || parsed.sealed.length < TAG_BYTES) {
    throw new TokenDecryptionError("malformed", "The token ciphertext is truncated.");
  }
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: parsed.iv,
        additionalData: associatedData(parsed.keyId, context),
        tagLength: TAG_BYTES * 8,
      },
      key,
      parsed.sealed,
    );
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw new TokenDecryptionError(
      "authentication_failed",
      "The token ciphertext does not authenticate (tampered, or from another row or field).",
    );
  }
}

export interface PlainTokens {
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly expiresAt: Date | null;
}

/** Encrypts a token pair for one connection: the `tokens` of `createConnection` or `updateConnection`. */
export async function encryptTokens(
  keyring: TokenKeyring,
  owner: { readonly organizationId: string; readonly connectionId: string },
  tokens: PlainTokens,
): Promise<TokenWrite> {
  const seal = (value: string | null, field: TokenField): Promise<string | null> =>
    value === null ? Promise.resolve(null) : encryptToken(keyring, value, { ...owner, field });
  const [accessTokenCiphertext, refreshTokenCiphertext] = await Promise.all([
    seal(tokens.accessToken, "access_token"),
    seal(tokens.refreshToken, "refresh_token"),
  ]);
  const sealedAny = accessTokenCiphertext !== null || refreshTokenCiphertext !== null;
  return {
    accessTokenCiphertext,
    refreshTokenCiphertext,
    tokenExpiresAt: tokens.expiresAt,
    keyId: sealedAny ? keyring.primaryKeyId : null,
  };
}

/** Decrypts a connection row's tokens (server-side only; never log or return them). */
export async function decryptTokens(keyring: TokenKeyring, record: ConnectionRecord): Promise<PlainTokens> {
  const owner = { organizationId: record.organizationId, connectionId: record.id };
  const open = (value: string | null, field: TokenField): Promise<string | null> =>
    value === null ? Promise.resolve(null) : decryptToken(keyring, value, { ...owner, field });
  const [accessToken, refreshToken] = await Promise.all([
    open(record.accessTokenCiphertext, "access_token"),
    open(record.refreshTokenCiphertext, "refresh_token"),
  ]);
  return { accessToken, refreshToken, expiresAt: record.tokenExpiresAt };
}

/** The keyring as an object with `seal` / `open`, for code that should never hold keys. */
export interface TokenCipher {
  readonly primaryKeyId: string;
  seal(
    plaintext: string,
    context: TokenContext,
  ): Promise<{ readonly ciphertext: string; readonly keyId: string }>;
  open(ciphertext: string, context: TokenContext): Promise<string>;
}

export function createTokenCipher(keyring: TokenKeyring): TokenCipher {
  return {
    primaryKeyId: keyring.primaryKeyId,
    async seal(plaintext, context) {
      return { ciphertext: await encryptToken(keyring, plaintext, context), keyId: keyring.primaryKeyId };
    },
    open(ciphertext, context) {
      return decryptToken(keyring, ciphertext, context);
    },
  };
}
