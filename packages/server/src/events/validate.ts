import { HostEventSchema } from "@org/calendar-connections-core";
import { parseRecurrence } from "./recurrence.ts";
import type { HostEvent } from "./types.ts";
import { UnrepresentableEventError } from "./unrepresentable.ts";
import { isKnownTimeZone } from "./vtimezone.ts";

/**
 * Checks an event the host handed over (`getEvent`, `listEvents`) at the edge: the event schema, a
 * time zone the runtime knows, recurrence lines that parse, and overrides only on a series. Throws
 * `UnrepresentableEventError` with a message an admin can act on; returns the event unchanged.
 */
export function checkHostEvent(event: HostEvent): HostEvent {
  const parsed = HostEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    throw new UnrepresentableEventError(`The event is invalid: ${where}${issue?.message ?? "unknown"}.`);
  }
  const zone = event.timeZone ?? null;
  if (zone !== null && zone !== "UTC" && !isKnownTimeZone(zone)) {
    throw new UnrepresentableEventError(`The event's time zone "${zone}" is not a known IANA zone.`);
  }
  for (const line of event.recurrence ?? []) {
    const tzid = /;TZID=([^;:]+)/i.exec(line)?.[1];
    if (tzid !== undefined && !isKnownTimeZone(tzid)) {
      throw new UnrepresentableEventError(`The recurrence's time zone "${tzid}" is not a known IANA zone.`);
    }
  }
  const recurrence = parseRecurrence(event);
  if ((event.overrides?.length ?? 0) > 0 && recurrence === null) {
    throw new UnrepresentableEventError("Overrides need a recurring event (recurrence is empty).");
  }
  return event;
}
