import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { HostEvent } from "../events/types.ts";

/** A digest of what the sync writes for an event into a calendar; equal digests mean nothing to write. */
export function eventHash(calendarId: string, event: HostEvent): string {
  const content = JSON.stringify([
    calendarId,
    event.title,
    event.description ?? null,
    event.location ?? null,
    event.start.toISOString(),
    event.end.toISOString(),
    event.timeZone ?? null,
    event.allDay ?? false,
  ]);
  return encodeHexLowerCase(sha256(new TextEncoder().encode(content)));
}
