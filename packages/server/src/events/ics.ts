import type { HostEvent, HostEventWithId } from "./types.ts";
import { isKnownTimeZone, localStamp, vtimezoneLines } from "./vtimezone.ts";

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** UTF-8 length of one code point, without encoding it (feeds fold every line of every event). */
function utf8Length(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and one space, never inside a
 * UTF-8 sequence (a code point is kept whole).
 */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  // Continuation lines start with a space, which counts against their 75 octets.
  let limit = MAX_LINE_OCTETS;
  for (const character of line) {
    const octets = utf8Length(character);
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = "";
      currentOctets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += character;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utcStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

function dateStamp(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, "");
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

export interface IcsCalendarOptions {
  /** Shown as the calendar's name in subscribing apps. */
  readonly name: string;
  /** Identifies the producer, e.g. `-//Acme//Calendar connections//EN`. */
  readonly productId: string;
  /** The domain that makes UIDs globally unique, e.g. `app.example.com`. */
  readonly uidDomain: string;
  /** DTSTAMP of every event (an event's `updatedAt` when later): when this content was generated. */
  readonly generatedAt: Date;
  /** Says in the calendar (`X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE`) that events were left out for a cap. */
  readonly truncated?: boolean;
}

function isValidDate(date: Date | null | undefined): date is Date {
  return date instanceof Date && Number.isFinite(date.getTime());
}

/** How one VEVENT is written. */
interface VeventOptions {
  /** The UID, unescaped. */
  readonly uid: string;
  /** When this content was generated (the event's `updatedAt` when later). */
  readonly generatedAt: Date;
  readonly updatedAt: Date | null;
  /** Local times with a TZID for an event with a known `timeZone`; else UTC. */
  readonly zoned: boolean;
  /** Extra properties, already formatted (`X-NAME:value`). */
  readonly extra?: readonly string[];
}

/** The zone an event's times are written in, or null for UTC. */
function zoneOf(event: HostEvent, zoned: boolean): string | null {
  const zone = event.timeZone ?? null;
  return zoned && !event.allDay && zone !== null && zone !== "UTC" && isKnownTimeZone(zone) ? zone : null;
}

function veventLines(event: HostEvent, options: VeventOptions): string[] {
  const { updatedAt } = options;
  // Never stamped earlier than its last change.
  const stamp = updatedAt !== null && updatedAt > options.generatedAt ? updatedAt : options.generatedAt;
  const lines = [
    "BEGIN:VEVENT",
    `UID:${escapeText(stripControls(options.uid))}`,
    `DTSTAMP:${utcStamp(stamp)}`,
  ];
  const zone = zoneOf(event, options.zoned);
  if (event.allDay) {
    lines.push(`DTSTART;VALUE=DATE:${dateStamp(event.start)}`, `DTEND;VALUE=DATE:${dateStamp(event.end)}`);
  } else if (zone !== null) {
    lines.push(
      `DTSTART;TZID=${zone}:${localStamp(zone, event.start.getTime())}`,
      `DTEND;TZID=${zone}:${localStamp(zone, event.end.getTime())}`,
    );
  } else {
    lines.push(`DTSTART:${utcStamp(event.start)}`, `DTEND:${utcStamp(event.end)}`);
  }
  lines.push(`SUMMARY:${escapeText(stripControls(event.title))}`);
  if (event.description) lines.push(`DESCRIPTION:${escapeText(stripControls(event.description))}`);
  if (event.location) lines.push(`LOCATION:${escapeText(stripControls(event.location))}`);
  if (updatedAt !== null) lines.push(`LAST-MODIFIED:${utcStamp(updatedAt)}`);
  lines.push(...(options.extra ?? []), "END:VEVENT");
  return lines;
}

function serialize(lines: readonly string[]): string {
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * Serializes events as an RFC 5545 VCALENDAR: CRLF line ends, lines folded at 75 octets, TEXT values
 * escaped, times in UTC, all-day events as DATE values, and a UID derived from the event id alone so
 * that subscribers recognise the same event across refreshes. The same input gives the same bytes.
 */
export function toICalendar(events: readonly HostEventWithId[], options: IcsCalendarOptions): string {
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${options.productId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(stripControls(options.name))}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  // iCalendar has no comments: an X- property is how a reader learns the feed is partial.
  if (options.truncated) lines.push("X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE");
  for (const event of events) {
    lines.push(
      ...veventLines(event, {
        uid: `${event.id}@${options.uidDomain}`,
        generatedAt: options.generatedAt,
        updatedAt: isValidDate(event.updatedAt) ? event.updatedAt : null,
        zoned: false,
      }),
    );
  }
  lines.push("END:VCALENDAR");
  return serialize(lines);
}

/** Options of `toCalendarObject`. */
export interface CalendarObjectOptions {
  /** The event's UID: stable for the object's whole life (a CalDAV server keys the resource by it). */
  readonly uid: string;
  /** Identifies the producer, e.g. `-//Acme//Calendar connections//EN`. */
  readonly productId: string;
  /** DTSTAMP: when this content was generated. */
  readonly generatedAt: Date;
  /** Extra properties of the VEVENT, already formatted (`X-NAME:value`); they mark the event as ours. */
  readonly extra?: readonly string[];
}

/**
 * One event as a CalDAV calendar object resource (RFC 4791 §4.1): a VCALENDAR with one VEVENT, and a
 * VTIMEZONE when the event has a time zone, so calendar apps show it in the zone it was planned in.
 * The VEVENT is written by the same code as the feed's.
 */
export function toCalendarObject(event: HostEvent, options: CalendarObjectOptions): string {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", `PRODID:${options.productId}`, "CALSCALE:GREGORIAN"];
  const zone = zoneOf(event, true);
  if (zone !== null) {
    lines.push(...vtimezoneLines(zone, event.start.getUTCFullYear(), event.end.getUTCFullYear()));
  }
  lines.push(
    ...veventLines(event, {
      uid: options.uid,
      generatedAt: options.generatedAt,
      updatedAt: null,
      zoned: true,
      ...(options.extra === undefined ? {} : { extra: options.extra }),
    }),
    "END:VCALENDAR",
  );
  return serialize(lines);
}
