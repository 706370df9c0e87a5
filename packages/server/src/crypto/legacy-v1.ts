import { associatedData, openEnvelope, TokenDecryptionError } from "./envelope.ts";
import type { TokenKeyring } from "./keyring.ts";

// Read-only support for the format before v2: each token its own envelope, bound to its field.
// Migration 2 moved a row's two v1 envelopes, as they were, into one JSON wrapper of kind "oauth";
// this opens it until the next token write or `rotate-keys` re-seals the row as v2.

const V1 = "v1";

/** The two token fields of v1, each bound into its envelope. */
type V1Field = "access_token" | "refresh_token";

/** Whose tokens they are (bound into every envelope). */
interface Owner {
  readonly organizationId: string;
  readonly connectionId: string;
}

function v1Envelope(keyring: TokenKeyring, owner: Owner, field: V1Field, envelope: string): Promise<string> {
  const aad = (keyId: string) =>
    associatedData("calendar-connections/token", V1, keyId, owner.organizationId, owner.connectionId, field);
  return openEnvelope(keyring, V1, aad, envelope);
}

function optionalText(value: unknown): string | null | undefined {
  return value === null || typeof value === "string" ? value : undefined;
}

/**
 * Opens migration 2's wrapper `{"legacy":"v1","access_token":…,"refresh_token":…}` (either token
 * may be null) with each token's v1 field-bound associated data.
 */
export async function openLegacyTokens(
  keyring: TokenKeyring,
  owner: Owner,
  wrapper: string,
): Promise<{ readonly accessToken: string | null; readonly refreshToken: string | null }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(wrapper);
  } catch {
    throw new TokenDecryptionError("malformed", "The migrated token ciphertexts are malformed.");
  }
  const fields = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const access = optionalText(fields.access_token);
  const refresh = optionalText(fields.refresh_token);
  if (fields.legacy !== V1 || access === undefined || refresh === undefined) {
    throw new TokenDecryptionError("malformed", "The migrated token ciphertexts are malformed.");
  }
  const [accessToken, refreshToken] = await Promise.all([
    access === null ? null : v1Envelope(keyring, owner, "access_token", access),
    refresh === null ? null : v1Envelope(keyring, owner, "refresh_token", refresh),
  ]);
  return { accessToken, refreshToken };
}
