/**
 * The VEVENT lines of one host event, shared by the feed and CalDAV: the master with its RRULE, EXDATE
 * and RDATE, then one VEVENT per moved instance (RECURRENCE-ID). Cancelled instances are EXDATEs,
 * which every reader honors.
 */
import type { EventOverride } from "@org/calendar-connections-core";
import { compactDate, compactUtc, parseRecurrence, type Recurrence } from "./recurrence.ts";
import type { HostEvent } from "./types.ts";
import { isKnownTimeZone, localStamp } from "./vtimezone.ts";

/** The property every event the kit writes carries: it tells the kit's events from a person's own. */
export const MANAGED_PROPERTY = "X-CALENDAR-CONNECTIONS-MANAGED:TRUE";

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

// Control characters other than tab and newline are not allowed in TEXT values.
function stripControls(value: string): string {
  let result = "";
  for (const character of value) {
    const code = character.charCodeAt(0);
    if (code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) result += character;
  }
  return result;
}

/** A TEXT value: control characters removed, then escaped. */
export function textValue(value: string): string {
  return escapeText(stripControls(value));
}

function text(value: string): string {
  return escapeText(stripControls(value));
}

/** How one VEVENT is written. */
export interface VeventOptions {
  /** The UID, unescaped. */
  readonly uid: string;
  /** When this content was generated (the event's `updatedAt` when later). */
  readonly generatedAt: Date;
  readonly updatedAt: Date | null;
  /** Local times with a TZID for an event with a known `timeZone`; else UTC. A series is always zoned. */
  readonly zoned: boolean;
  /** Extra properties, already formatted (`X-NAME:value`). */
  readonly extra?: readonly string[];
  /** Writes the event's attendees (a CalDAV object; never a public feed). Default false. */
  readonly attendees?: boolean;
}

/** The zone an event's times are written in, or null for UTC. */
export function zoneOf(event: HostEvent, zoned: boolean): string | null {
  const zone = event.timeZone ?? null;
  // A series repeats in its zone's wall-clock time: written in UTC it would shift with daylight saving.
  const repeats = (event.recurrence?.length ?? 0) > 0;
  return (zoned || repeats) && !event.allDay && zone !== null && zone !== "UTC" && isKnownTimeZone(zone)
    ? zone
    : null;
}

/** How a DATE / DATE-TIME property is written for this event: `;PARAMS:value`. */
function timeWriter(event: HostEvent, zone: string | null): (name: string, date: Date) => string {
  if (event.allDay === true) return (name, date) => `${name};VALUE=DATE:${compactDate(date)}`;
  if (zone !== null) return (name, date) => `${name};TZID=${zone}:${localStamp(zone, date.getTime())}`;
  return (name, date) => `${name}:${compactUtc(date)}`;
}

const STATUS = { confirmed: "CONFIRMED", tentative: "TENTATIVE", cancelled: "CANCELLED" } as const;

function recurrenceLines(
  recurrence: Recurrence,
  cancelled: readonly Date[],
  time: (name: string, date: Date) => string,
): string[] {
  const lines: string[] = [];
  if (recurrence.rule !== null) lines.push(`RRULE:${recurrence.rule.text}`);
  for (const date of [...recurrence.exdates, ...cancelled]) lines.push(time("EXDATE", date));
  for (const date of recurrence.rdates) lines.push(time("RDATE", date));
  return lines;
}

function overrideLines(
  event: HostEvent,
  override: EventOverride,
  options: VeventOptions,
  stamp: Date,
  time: (name: string, date: Date) => string,
): string[] {
  const duration = event.end.getTime() - event.start.getTime();
  const start = override.start ?? override.originalStart;
  const end = override.end ?? new Date(start.getTime() + duration);
  const title = override.title ?? event.title;
  const description = override.description === undefined ? event.description : override.description;
  const location = override.location === undefined ? event.location : override.location;
  const lines = [
    "BEGIN:VEVENT",
    `UID:${text(options.uid)}`,
    `DTSTAMP:${compactUtc(stamp)}`,
    time("RECURRENCE-ID", override.originalStart),
    time("DTSTART", start),
    time("DTEND", end),
    `SUMMARY:${text(title)}`,
  ];
  if (description) lines.push(`DESCRIPTION:${text(description)}`);
  if (location) lines.push(`LOCATION:${text(location)}`);
  lines.push(...commonLines(event), ...(options.extra ?? []), "END:VEVENT");
  return lines;
}

/** STATUS, TRANSP and URL: the same on the master and its moved instances. */
function commonLines(event: HostEvent): string[] {
  const lines: string[] = [];
  if (event.status) lines.push(`STATUS:${STATUS[event.status]}`);
  if (event.transparency) lines.push(`TRANSP:${event.transparency === "free" ? "TRANSPARENT" : "OPAQUE"}`);
  // A URI value is not TEXT: no escaping, only control characters removed.
  if (event.url) lines.push(`URL:${stripControls(event.url)}`);
  return lines;
}

/** A quoted parameter value (RFC 5545 §3.2: no double quotes or control characters inside). */
function quoted(value: string): string {
  return `"${stripControls(value).replace(/"/g, "'")}"`;
}

/** ATTENDEE lines: the caller decided the organization's policy lets them be written. */
function attendeeLines(event: HostEvent): string[] {
  return (event.attendees ?? []).map((attendee) => {
    const params = [
      ...(attendee.name ? [`CN=${quoted(attendee.name)}`] : []),
      `ROLE=${attendee.optional ? "OPT-PARTICIPANT" : "REQ-PARTICIPANT"}`,
      "RSVP=TRUE",
    ];
    return `ATTENDEE;${params.join(";")}:mailto:${stripControls(attendee.email)}`;
  });
}

/** The VEVENT of an event, and one more per moved instance of a series. */
export function veventLines(event: HostEvent, options: VeventOptions): string[] {
  const { updatedAt } = options;
  // Never stamped earlier than its last change.
  const stamp = updatedAt !== null && updatedAt > options.generatedAt ? updatedAt : options.generatedAt;
  const time = timeWriter(event, zoneOf(event, options.zoned));
  const lines = [
    "BEGIN:VEVENT",
    `UID:${text(options.uid)}`,
    `DTSTAMP:${compactUtc(stamp)}`,
    time("DTSTART", event.start),
    time("DTEND", event.end),
  ];
  const recurrence = parseRecurrence(event);
  const overrides = recurrence === null ? [] : (event.overrides ?? []);
  if (recurrence !== null) {
    const cancelled = overrides.filter((override) => override.cancelled === true);
    lines.push(
      ...recurrenceLines(
        recurrence,
        cancelled.map((override) => override.originalStart),
        time,
      ),
    );
  }
  lines.push(`SUMMARY:${text(event.title)}`);
  if (event.description) lines.push(`DESCRIPTION:${text(event.description)}`);
  if (event.location) lines.push(`LOCATION:${text(event.location)}`);
  lines.push(...commonLines(event));
  if (options.attendees === true) lines.push(...attendeeLines(event));
  if (updatedAt !== null) lines.push(`LAST-MODIFIED:${compactUtc(updatedAt)}`);
  lines.push(...(options.extra ?? []), "END:VEVENT");
  for (const override of overrides) {
    if (override.cancelled !== true) lines.push(...overrideLines(event, override, options, stamp, time));
  }
  return lines;
}

/**
 * The UTC years a zone's VTIMEZONE must cover for an event: its start to its end, or to its series'
 * end (UNTIL, or ten years on when the rule has no end or only a COUNT).
 */
export function zoneYears(event: HostEvent): readonly [number, number] {
  const first = event.start.getUTCFullYear();
  let last = event.end.getUTCFullYear();
  const recurrence = parseRecurrence(event);
  if (recurrence !== null) {
    const until = recurrence.rule?.until ?? null;
    const rdates = recurrence.rdates.map((date) => date.getUTCFullYear());
    last = Math.max(last, ...rdates, until === null ? first + 10 : until.getUTCFullYear());
  }
  return [first, last];
}
