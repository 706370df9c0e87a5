/**
 * A host event as a Calendar v3 event resource: times (with the zone a series repeats in),
 * `recurrence`, `status`, `transparency`, `source` (the link back to the product), `colorId`, and the
 * kit's ownership mark in `extendedProperties.private`.
 */
import type { EventOverride } from "@org/calendar-connections-core";
import { normalizedLines, parseRecurrence } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { utcDate } from "../event-id.ts";

/** The private extended property that marks an event as the kit's (and not the account owner's own). */
export const GOOGLE_OWNERSHIP_KEY = "calendarConnectionsManaged";

/** Calendar v3's event palette (`colors.get` → `event`): color id → background. */
const EVENT_COLORS: readonly (readonly [string, string])[] = [
  ["1", "#a4bdfc"],
  ["2", "#7ae7bf"],
  ["3", "#dbadff"],
  ["4", "#ff887c"],
  ["5", "#fbd75b"],
  ["6", "#ffb878"],
  ["7", "#46d6db"],
  ["8", "#e1e1e1"],
  ["9", "#5484ed"],
  ["10", "#51b749"],
  ["11", "#dc2127"],
];

function rgb(hex: string): [number, number, number] {
  return [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as [number, number, number];
}

/** The palette color nearest to `#rrggbb` (Google events take a color id, not any color). */
export function nearestColorId(hex: string): string {
  const [r, g, b] = rgb(hex);
  let best = EVENT_COLORS[0] as readonly [string, string];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const entry of EVENT_COLORS) {
    const [er, eg, eb] = rgb(entry[1]);
    const distance = (r - er) ** 2 + (g - eg) ** 2 + (b - eb) ** 2;
    if (distance < bestDistance) [best, bestDistance] = [entry, distance];
  }
  return best[0];
}

/** Whether the event is a series. */
export function isRecurring(event: HostEvent): boolean {
  return (event.recurrence?.length ?? 0) > 0;
}

/** A start or end: a date for all-day events; else the instant, with the zone (UTC for a zoneless series). */
function timeOf(event: HostEvent, date: Date): Record<string, string> {
  if (event.allDay === true) return { date: utcDate(date) };
  const zone = event.timeZone ?? (isRecurring(event) ? "UTC" : null);
  return zone === null ? { dateTime: date.toISOString() } : { dateTime: date.toISOString(), timeZone: zone };
}

/** Options of `googleEventBody`. */
export interface GoogleBodyOptions {
  /** The organization's attendee policy invites: attendees are written (and mailed, `sendUpdates=all`). */
  readonly invite: boolean;
}

/** A host event as a Calendar v3 event resource (fields the kit owns; `status` revives a cancelled one). */
export function googleEventBody(event: HostEvent, options: GoogleBodyOptions): Record<string, unknown> {
  const recurrence = parseRecurrence(event);
  const body: Record<string, unknown> = {
    summary: event.title,
    description: event.description ?? "",
    location: event.location ?? "",
    start: timeOf(event, event.start),
    end: timeOf(event, event.end),
    status: event.status ?? "confirmed",
    transparency: event.transparency === "free" ? "transparent" : "opaque",
    // An empty list turns a former series back into a single event.
    recurrence: recurrence === null ? [] : normalizedLines(recurrence, event.allDay === true),
    extendedProperties: { private: { [GOOGLE_OWNERSHIP_KEY]: "true" } },
  };
  if (event.url) body.source = { title: event.title.slice(0, 256) || event.url, url: event.url };
  if (event.color) body.colorId = nearestColorId(event.color);
  if (options.invite && event.attendees) {
    body.attendees = event.attendees.map((attendee) => ({
      email: attendee.email,
      ...(attendee.name ? { displayName: attendee.name } : {}),
      ...(attendee.optional ? { optional: true } : {}),
    }));
  }
  return body;
}

/** The fields of one changed instance (an override that is not a cancellation). */
export function googleOverrideBody(event: HostEvent, override: EventOverride): Record<string, unknown> {
  const duration = event.end.getTime() - event.start.getTime();
  const start = override.start ?? override.originalStart;
  const end = override.end ?? new Date(start.getTime() + duration);
  const body: Record<string, unknown> = {
    start: timeOf(event, start),
    end: timeOf(event, end),
    status: "confirmed",
  };
  if (override.title !== undefined) body.summary = override.title;
  if (override.description !== undefined) body.description = override.description ?? "";
  if (override.location !== undefined) body.location = override.location ?? "";
  return body;
}

/** `originalStart` as `events.instances` takes it (RFC 3339; a date for an all-day series). */
export function originalStartParam(event: HostEvent, originalStart: Date): string {
  return event.allDay === true ? utcDate(originalStart) : originalStart.toISOString();
}
