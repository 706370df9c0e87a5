import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** A random token of `bytes` bytes (at least 16 = 128 bits), base64url without padding. */
export function randomToken(randomBytes: (length: number) => Uint8Array, bytes = 32): string {
  if (bytes < 16) throw new Error("tokens carry at least 128 bits");
  return encodeBase64urlNoPadding(randomBytes(bytes));
}

/** SHA-256 of a secret as lowercase hex: what storage keeps instead of the secret. */
export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed first, so
 * neither the content nor the length of the expected secret leaks through timing.
 */
export function secretsMatch(presented: string, expected: string): boolean {
  const digest = (value: string) => sha256(new TextEncoder().encode(value));
  return constantTimeEqual(digest(presented), digest(expected));
}
