import type { HostEvent, HostEventWithId } from "./types.ts";
import { MANAGED_PROPERTY, textValue, veventLines, zoneOf, zoneYears } from "./vevent.ts";
import { vtimezoneLines } from "./vtimezone.ts";

export { escapeText } from "./vevent.ts";

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const encoder = new TextEncoder();

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

/** The VTIMEZONEs of a feed: one per zone a series repeats in, over the years its series cover. */
function feedZones(events: readonly HostEvent[]): string[] {
  const years = new Map<string, [number, number]>();
  for (const event of events) {
    const zone = zoneOf(event, false);
    if (zone === null) continue;
    const [from, to] = zoneYears(event);
    const known = years.get(zone);
    years.set(zone, known === undefined ? [from, to] : [Math.min(known[0], from), Math.max(known[1], to)]);
  }
  return [...years].flatMap(([zone, [from, to]]) => vtimezoneLines(zone, from, to));
}

function serialize(lines: readonly string[]): string {
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/**
 * Serializes events as an RFC 5545 VCALENDAR: CRLF line ends, lines folded at 75 octets, TEXT values
 * escaped, times in UTC (a series in its zone, with a VTIMEZONE), all-day events as DATE values, and a UID derived from the event id alone so
 * that subscribers recognise the same event across refreshes. The same input gives the same bytes.
 */
export function toICalendar(events: readonly HostEventWithId[], options: IcsCalendarOptions): string {
  const lines: string[] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${options.productId}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${textValue(options.name)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
    "X-PUBLISHED-TTL:PT1H",
  ];
  // iCalendar has no comments: an X- property is how a reader learns the feed is partial.
  if (options.truncated) lines.push("X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE");
  lines.push(...feedZones(events));
  for (const event of events) {
    lines.push(
      ...veventLines(event, {
        uid: `${event.id}@${options.uidDomain}`,
        generatedAt: options.generatedAt,
        updatedAt: isValidDate(event.updatedAt) ? event.updatedAt : null,
        zoned: false,
        extra: [MANAGED_PROPERTY],
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
  if (zone !== null) lines.push(...vtimezoneLines(zone, ...zoneYears(event)));
  lines.push(
    ...veventLines(event, {
      uid: options.uid,
      generatedAt: options.generatedAt,
      updatedAt: null,
      zoned: true,
      // The sync leaves attendees out unless the organization's policy invites them.
      attendees: true,
      ...(options.extra === undefined ? {} : { extra: options.extra }),
    }),
    "END:VCALENDAR",
  );
  return serialize(lines);
}
