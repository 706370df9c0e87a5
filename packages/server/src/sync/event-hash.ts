import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { HostEvent } from "../events/types.ts";

/** The fields added with recurrence, or null when an event has none (its digest stays what it was). */
function laterFields(event: HostEvent): unknown[] | null {
  const fields = [
    event.recurrence ?? null,
    (event.overrides ?? []).map((override) => ({
      ...override,
      originalStart: override.originalStart.toISOString(),
      start: override.start?.toISOString() ?? null,
      end: override.end?.toISOString() ?? null,
    })),
    event.status ?? null,
    event.transparency ?? null,
    event.url ?? null,
    event.attendees ?? null,
    event.color ?? null,
  ];
  const empty = (value: unknown): boolean => value === null || (Array.isArray(value) && value.length === 0);
  return fields.every(empty) ? null : fields;
}

/** A digest of what the sync writes for an event into a calendar; equal digests mean nothing to write. */
export function eventHash(calendarId: string, event: HostEvent): string {
  const later = laterFields(event);
  const content = JSON.stringify([
    calendarId,
    event.title,
    event.description ?? null,
    event.location ?? null,
    event.start.toISOString(),
    event.end.toISOString(),
    event.timeZone ?? null,
    event.allDay ?? false,
    ...(later === null ? [] : [later]),
  ]);
  return encodeHexLowerCase(sha256(new TextEncoder().encode(content)));
}
