import { StorageError } from "./errors.ts";
import type { TokenWrite } from "./types.ts";

/**
 * Whether a stored credentials ciphertext is still the JSON wrapper migration 2 made of a row's two
 * pre-v2 token envelopes (`{"legacy":"v1","access_token":…,"refresh_token":…}`). Every envelope the
 * kit writes starts with its version (`v2.`), so the first character tells them apart; key rotation
 * lists such rows so that it re-seals them (see `listConnectionsNotOnKey`).
 */
export function isLegacyCredentials(ciphertext: string): boolean {
  return ciphertext.startsWith("{");
}

/**
 * Refuses a token write whose kind, ciphertext and key id are not all set or all null, so every
 * adapter behaves the same (the SQL tables also check kind and ciphertext together).
 */
export function checkTokenWrite(write: TokenWrite): TokenWrite {
  const set = [write.credentialsKind, write.credentialsCiphertext, write.keyId].filter((v) => v !== null);
  if (set.length !== 0 && set.length !== 3) {
    throw new StorageError(
      "credentialsKind, credentialsCiphertext and keyId are set together or not at all.",
    );
  }
  return write;
}
