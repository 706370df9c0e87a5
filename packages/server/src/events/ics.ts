import type { HostEventWithId } from "./types.ts";

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
    const updatedAt = isValidDate(event.updatedAt) ? event.updatedAt : null;
    // Never stamped earlier than its last change.
    const stamp = updatedAt !== null && updatedAt > options.generatedAt ? updatedAt : options.generatedAt;
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(stripControls(event.id))}@${options.uidDomain}`,
      `DTSTAMP:${utcStamp(stamp)}`,
    );
    if (event.allDay) {
      lines.push(`DTSTART;VALUE=DATE:${dateStamp(event.start)}`, `DTEND;VALUE=DATE:${dateStamp(event.end)}`);
    } else {
      lines.push(`DTSTART:${utcStamp(event.start)}`, `DTEND:${utcStamp(event.end)}`);
    }
    lines.push(`SUMMARY:${escapeText(stripControls(event.title))}`);
    if (event.description) lines.push(`DESCRIPTION:${escapeText(stripControls(event.description))}`);
    if (event.location) lines.push(`LOCATION:${escapeText(stripControls(event.location))}`);
    if (updatedAt !== null) lines.push(`LAST-MODIFIED:${utcStamp(updatedAt)}`);
    lines.push("END:VEVENT");
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join(CRLF) + CRLF;
}
