import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";

/**
 * The provider-side id of a host event in one connection: the lowercase hex SHA-256 of both ids. Hex
 * digits are valid Google event id characters (base32hex), and the same pair always gives the same id,
 * so a write that is retried after a crash finds the event instead of doubling it. Graph uses it as
 * the `transactionId`.
 */
export function deterministicEventId(connectionId: string, eventId: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${connectionId}\u0000${eventId}`)));
}

/** The UTC calendar date of an instant, `YYYY-MM-DD` (the date part of an all-day host event). */
export function utcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
