/**
 * A host event as a Graph event: subject, body (with the link back to the product, which Graph has no
 * field for), location, `showAs` (busy, free, tentative), times, and for a series its
 * `patternedRecurrence` with the times as wall-clock times in the Windows zone Graph repeats in.
 */
import { findWindows } from "windows-iana";
import type { Recurrence } from "../../events/recurrence.ts";
import { seriesZone } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { UnrepresentableEventError } from "../../events/unrepresentable.ts";
import { localStamp } from "../../events/vtimezone.ts";
import { utcDate } from "../event-id.ts";

/** The Windows zone name Graph uses for an IANA zone (`Europe/Berlin` → `W. Europe Standard Time`). */
export function windowsZone(iana: string): string {
  if (iana === "UTC" || iana === "Etc/UTC") return "UTC";
  const [name] = findWindows(iana);
  if (name === undefined)
    throw new UnrepresentableEventError(`Graph has no Windows time zone for "${iana}".`);
  return name;
}

/** A wall-clock time in a zone as Graph's `dateTime` (`2026-03-17T09:00:00`). */
function wallDateTime(zone: string, date: Date): string {
  const stamp = localStamp(zone, date.getTime());
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}`;
}

/** Options of `graphEventBody`. */
export interface GraphBodyOptions {
  /** The organization's attendee policy invites (Graph mails every attendee it is given). */
  readonly invite: boolean;
  /** The series' Graph recurrence, for a series written as one. */
  readonly recurrence?: Record<string, unknown> | null;
}

function showAs(event: HostEvent): string {
  if (event.transparency === "free") return "free";
  return event.status === "tentative" ? "tentative" : "busy";
}

/** A start or end: midnight in the zone for all-day events, the wall-clock time in the zone for a series, else UTC. */
export function graphTime(event: HostEvent, date: Date, series: boolean): Record<string, string> {
  if (event.allDay === true) {
    return { dateTime: `${utcDate(date)}T00:00:00`, timeZone: windowsZone(event.timeZone ?? "UTC") };
  }
  if (series) {
    const zone = seriesZone(event);
    return { dateTime: wallDateTime(zone, date), timeZone: windowsZone(zone) };
  }
  return { dateTime: date.toISOString().slice(0, 23), timeZone: "UTC" };
}

/** A host event as a Graph event resource (fields the kit owns). */
export function graphEventBody(event: HostEvent, options: GraphBodyOptions): Record<string, unknown> {
  if (event.status === "cancelled") {
    throw new UnrepresentableEventError(
      "Graph cannot show an event as cancelled without sending a cancellation: delete it in the product instead.",
    );
  }
  const series = options.recurrence !== undefined && options.recurrence !== null;
  const description = event.description ?? "";
  const body: Record<string, unknown> = {
    subject: event.title,
    body: {
      contentType: "text",
      content: event.url ? `${description}${description ? "\n\n" : ""}${event.url}` : description,
    },
    location: { displayName: event.location ?? "" },
    start: graphTime(event, event.start, series),
    end: graphTime(event, event.end, series),
    isAllDay: event.allDay === true,
    showAs: showAs(event),
    recurrence: series ? options.recurrence : null,
  };
  if (options.invite && event.attendees) {
    body.attendees = event.attendees.map((attendee) => ({
      emailAddress: { address: attendee.email, ...(attendee.name ? { name: attendee.name } : {}) },
      type: attendee.optional ? "optional" : "required",
    }));
  }
  return body;
}

/** Whether a series has EXDATEs or overrides to apply to its occurrences once written. */
export function hasOccurrenceChanges(event: HostEvent, recurrence: Recurrence | null): boolean {
  return (recurrence?.exdates.length ?? 0) > 0 || (event.overrides?.length ?? 0) > 0;
}
