import { isLegacyCredentials } from "../storage/credentials.ts";
import type { ConnectionRecord, TokenWrite } from "../storage/types.ts";
import {
  associatedData,
  openEnvelope,
  type RandomFill,
  sealEnvelope,
  TokenDecryptionError,
} from "./envelope.ts";
import type { TokenKeyring } from "./keyring.ts";
import { openLegacyTokens } from "./legacy-v1.ts";

/** The envelope format version written now: one envelope per connection over a JSON payload. */
export const ENVELOPE_VERSION = "v2";

/** The kinds of credentials the kit seals; the kind is stored beside the envelope and bound into it. */
export type CredentialsKind = "oauth" | "secret";

/** An OAuth grant. The access token is null only in rows migrated from v1 that had none. */
export interface OAuthCredentials {
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
}

/** A form provider's secret fields (a service account key, an app password), by field name. */
export type SecretCredentials = Readonly<Record<string, string>>;

/** What one credentials envelope holds, by kind. */
export type Credentials =
  | { readonly kind: "oauth"; readonly tokens: OAuthCredentials }
  | { readonly kind: "secret"; readonly secret: SecretCredentials };

/** The row the credentials belong to: bound into the envelope, so it opens for no other row. */
export interface CredentialsOwner {
  readonly organizationId: string;
  readonly connectionId: string;
}

/** The stored fields `openCredentials` reads. */
export type SealedRecord = Pick<
  ConnectionRecord,
  "id" | "organizationId" | "credentialsKind" | "credentialsCiphertext"
>;

function credentialsAad(owner: CredentialsOwner, kind: string): (keyId: string) => Uint8Array<ArrayBuffer> {
  return (keyId) =>
    associatedData(
      "calendar-connections/credentials",
      ENVELOPE_VERSION,
      keyId,
      owner.organizationId,
      owner.connectionId,
      kind,
    );
}

const malformed = (): TokenDecryptionError =>
  new TokenDecryptionError("malformed", "The decrypted credentials do not have the shape of their kind.");

const isTextOrNull = (value: unknown): value is string | null => value === null || typeof value === "string";

/** Checks a decrypted payload against its kind (never echoing it: it is a secret). */
function asCredentials(kind: string, payload: unknown): Credentials {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw malformed();
  const fields = payload as Record<string, unknown>;
  if (kind === "oauth") {
    const { accessToken, refreshToken } = fields;
    if (!isTextOrNull(accessToken) || !isTextOrNull(refreshToken)) throw malformed();
    return { kind, tokens: { accessToken, refreshToken } };
  }
  if (kind === "secret") {
    const entries = Object.entries(fields);
    if (!entries.every((entry): entry is [string, string] => typeof entry[1] === "string")) throw malformed();
    // fromEntries defines own properties, so a field named `__proto__` stays a field.
    return { kind, secret: Object.fromEntries(entries) };
  }
  throw new TokenDecryptionError("malformed", `Unknown credentials kind "${kind.slice(0, 32)}".`);
}

/**
 * Seals a connection's credentials as one v2 envelope (AES-256-GCM, random 96-bit IV, the key id in
 * the envelope, associated data binding it to the organization, the connection and the kind).
 * Returns the `tokens` of `createConnection` / `updateConnection`; `expiresAt` is the access token's.
 */
export async function sealCredentials(
  keyring: TokenKeyring,
  owner: CredentialsOwner,
  credentials: Credentials,
  expiresAt: Date | null = null,
  random?: RandomFill,
): Promise<TokenWrite> {
  // Copied field by field, so nothing else a caller's object carries ends up in the envelope.
  const payload =
    credentials.kind === "oauth"
      ? { accessToken: credentials.tokens.accessToken, refreshToken: credentials.tokens.refreshToken }
      : { ...credentials.secret };
  const aad = credentialsAad(owner, credentials.kind);
  const { envelope, keyId } = await sealEnvelope(
    keyring,
    ENVELOPE_VERSION,
    aad,
    JSON.stringify(payload),
    random,
  );
  return {
    credentialsKind: credentials.kind,
    credentialsCiphertext: envelope,
    tokenExpiresAt: credentials.kind === "oauth" ? expiresAt : null,
    keyId,
  };
}

/**
 * Opens a row's credentials, or null when it has none. Reads v2 envelopes and the v1 wrapper that
 * migration 2 left. Throws `TokenDecryptionError` when the envelope is malformed, names a key the
 * keyring lacks, was tampered with, or belongs to another row or kind. Server-side only: never log
 * or return what it gives.
 */
export async function openCredentials(
  keyring: TokenKeyring,
  record: SealedRecord,
): Promise<Credentials | null> {
  const { credentialsKind: kind, credentialsCiphertext: ciphertext } = record;
  if (kind === null || ciphertext === null) return null;
  const owner = { organizationId: record.organizationId, connectionId: record.id };
  if (isLegacyCredentials(ciphertext)) {
    if (kind !== "oauth") throw malformed();
    return { kind, tokens: await openLegacyTokens(keyring, owner, ciphertext) };
  }
  const json = await openEnvelope(keyring, ENVELOPE_VERSION, credentialsAad(owner, kind), ciphertext);
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw malformed();
  }
  return asCredentials(kind, payload);
}

/** OAuth tokens in plaintext, with the access token's expiry. */
export interface PlainTokens {
  readonly accessToken: string | null;
  readonly refreshToken: string | null;
  readonly expiresAt: Date | null;
}

/**
 * Seals an OAuth token pair for one connection (kind "oauth"); no tokens at all give an empty write.
 * A provider's token response fits `tokens` as it is.
 */
export async function encryptTokens(
  keyring: TokenKeyring,
  owner: CredentialsOwner,
  tokens: PlainTokens,
): Promise<TokenWrite> {
  if (tokens.accessToken === null && tokens.refreshToken === null) {
    return {
      credentialsKind: null,
      credentialsCiphertext: null,
      tokenExpiresAt: tokens.expiresAt,
      keyId: null,
    };
  }
  const { accessToken, refreshToken } = tokens;
  return sealCredentials(
    keyring,
    owner,
    { kind: "oauth", tokens: { accessToken, refreshToken } },
    tokens.expiresAt,
  );
}

/** A row's OAuth tokens (all null when it has none, or holds another kind). Server-side only. */
export async function decryptTokens(keyring: TokenKeyring, record: ConnectionRecord): Promise<PlainTokens> {
  const credentials = await openCredentials(keyring, record);
  const tokens =
    credentials?.kind === "oauth" ? credentials.tokens : { accessToken: null, refreshToken: null };
  return { ...tokens, expiresAt: record.tokenExpiresAt };
}

/** The keyring behind `seal` / `open`, for code that should never hold keys. */
export interface TokenCipher {
  readonly primaryKeyId: string;
  /** `sealCredentials` with this keyring. */
  seal(owner: CredentialsOwner, credentials: Credentials, expiresAt?: Date | null): Promise<TokenWrite>;
  /** `openCredentials` with this keyring. */
  open(record: SealedRecord): Promise<Credentials | null>;
}

/** A `TokenCipher` over `keyring`; `random` fills the IVs (default WebCrypto's, injectable for tests). */
export function createTokenCipher(
  keyring: TokenKeyring,
  options: { readonly random?: RandomFill } = {},
): TokenCipher {
  return {
    primaryKeyId: keyring.primaryKeyId,
    seal: (owner, credentials, expiresAt = null) =>
      sealCredentials(keyring, owner, credentials, expiresAt, options.random),
    open: (record) => openCredentials(keyring, record),
  };
}
