/**
 * The recurrence of a host event, read from its RFC 5545 lines into one shape every provider maps
 * from: the rule's parts, and the excluded and extra dates as instants.
 */
import type { HostEvent } from "./types.ts";
import { UnrepresentableEventError } from "./unrepresentable.ts";
import { localStamp, zonedInstant } from "./vtimezone.ts";

/** RFC 5545 §3.3.10 frequencies. */
export type Frequency = "SECONDLY" | "MINUTELY" | "HOURLY" | "DAILY" | "WEEKLY" | "MONTHLY" | "YEARLY";
const FREQUENCIES: readonly Frequency[] = [
  "SECONDLY",
  "MINUTELY",
  "HOURLY",
  "DAILY",
  "WEEKLY",
  "MONTHLY",
  "YEARLY",
];
/** The rule parts RFC 5545 defines; anything else is refused rather than dropped. */
const RULE_PARTS = new Set([
  "FREQ",
  "UNTIL",
  "COUNT",
  "INTERVAL",
  "BYSECOND",
  "BYMINUTE",
  "BYHOUR",
  "BYDAY",
  "BYMONTHDAY",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYMONTH",
  "BYSETPOS",
  "WKST",
]);
const WEEKDAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;

/** One BYDAY entry: a weekday, with its ordinal in the month or year (`2TU`, `-1FR`) when it has one. */
export interface ByDay {
  readonly day: "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
  readonly ordinal: number | null;
}

/** An RRULE, its parts checked. */
export interface RecurrenceRule {
  /** The rule as written after `RRULE:`, with UNTIL normalized to UTC (or a DATE for all-day series). */
  readonly text: string;
  readonly freq: Frequency;
  readonly interval: number;
  readonly count: number | null;
  readonly until: Date | null;
  readonly byDay: readonly ByDay[];
  /** Every part as written, upper-cased, for the checks a provider's mapping makes. */
  readonly parts: ReadonlyMap<string, string>;
}

/** A host event's recurrence, parsed. */
export interface Recurrence {
  readonly rule: RecurrenceRule | null;
  /** Original starts the series leaves out (EXDATE). */
  readonly exdates: readonly Date[];
  /** Starts the series adds (RDATE). */
  readonly rdates: readonly Date[];
}

/** The zone a series repeats in: its event's zone, UTC for all-day series and events without one. */
export function seriesZone(event: HostEvent): string {
  return event.allDay === true ? "UTC" : (event.timeZone ?? "UTC");
}

function wallOf(text: string): number | null {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2}))?$/.exec(text);
  if (match === null) return null;
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
}

/**
 * A DATE or DATE-TIME value as an instant: `…Z` is UTC, a local time is in `zone` (the line's TZID or
 * the series' zone), a DATE is midnight UTC (how all-day host events are written).
 */
export function parseDateValue(value: string, zone: string): Date | null {
  const utc = value.endsWith("Z");
  const wall = wallOf(utc ? value.slice(0, -1) : value);
  if (wall === null) return null;
  if (utc || value.length === 8) return new Date(wall);
  return new Date(zonedInstant(zone, wall));
}

function fail(message: string): never {
  throw new UnrepresentableEventError(message);
}

function parseRule(text: string, event: HostEvent): RecurrenceRule {
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [name, value, ...rest] = part.split("=");
    const key = (name ?? "").toUpperCase();
    if (value === undefined || value === "" || rest.length > 0) fail(`The rule part "${part}" is malformed.`);
    if (!RULE_PARTS.has(key)) fail(`The rule part ${key} is not part of RFC 5545.`);
    if (parts.has(key)) fail(`The rule part ${key} appears twice.`);
    parts.set(key, value.toUpperCase());
  }
  const freq = parts.get("FREQ") as Frequency | undefined;
  if (freq === undefined || !FREQUENCIES.includes(freq)) fail("The rule needs a FREQ.");
  if (parts.has("COUNT") && parts.has("UNTIL")) fail("A rule has COUNT or UNTIL, not both.");
  const positive = (name: string): number | null => {
    const raw = parts.get(name);
    if (raw === undefined) return null;
    const number = Number(raw);
    if (!Number.isInteger(number) || number < 1) fail(`${name} must be a whole number of at least 1.`);
    return number;
  };
  const interval = positive("INTERVAL") ?? 1;
  const count = positive("COUNT");
  const untilText = parts.get("UNTIL");
  const until = untilText === undefined ? null : parseDateValue(untilText, seriesZone(event));
  if (untilText !== undefined && until === null) fail(`UNTIL=${untilText} is not a date.`);
  const byDay = (parts.get("BYDAY") ?? "")
    .split(",")
    .filter((entry) => entry !== "")
    .map((entry): ByDay => {
      const match = WEEKDAY.exec(entry);
      if (match === null) fail(`BYDAY=${entry} is not a weekday.`);
      return { day: match[2] as ByDay["day"], ordinal: match[1] === undefined ? null : Number(match[1]) };
    });
  // UNTIL in UTC (RFC 5545 requires it when DTSTART has a zone), or a DATE for an all-day series.
  if (until !== null) {
    parts.set("UNTIL", event.allDay === true ? compactDate(until) : `${compactUtc(until)}`);
  }
  const normalized = [...parts].map(([name, value]) => `${name}=${value}`).join(";");
  return { text: normalized, freq, interval, count, until, byDay, parts };
}

/** `YYYYMMDD` of an instant's UTC date. */
export function compactDate(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, "");
}

/** `YYYYMMDDTHHMMSSZ`. */
export function compactUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

function parseDateLine(line: string, event: HostEvent): Date[] {
  const colon = line.indexOf(":");
  const [, ...params] = line.slice(0, colon).split(";");
  let zone = seriesZone(event);
  for (const param of params) {
    const [name, value] = param.split("=");
    const key = (name ?? "").toUpperCase();
    if (key === "TZID" && value !== undefined) zone = value;
    else if (key === "VALUE" && value !== undefined && !["DATE", "DATE-TIME"].includes(value.toUpperCase()))
      fail(`${line.slice(0, colon)}: only DATE and DATE-TIME values are supported (not periods).`);
  }
  return line
    .slice(colon + 1)
    .split(",")
    .map((value) => parseDateValue(value.trim(), zone) ?? fail(`"${value}" in ${line} is not a date.`));
}

/**
 * Parses an event's recurrence lines; null when it has none. Throws `UnrepresentableEventError` on a
 * line no provider could carry (no rule or two, an unknown part, a malformed date).
 */
export function parseRecurrence(event: HostEvent): Recurrence | null {
  const lines = event.recurrence ?? [];
  if (lines.length === 0) return null;
  let rule: RecurrenceRule | null = null;
  const exdates: Date[] = [];
  const rdates: Date[] = [];
  for (const line of lines) {
    const upper = line.toUpperCase();
    if (upper.startsWith("RRULE:")) {
      if (rule !== null) fail("An event has at most one RRULE.");
      rule = parseRule(line.slice("RRULE:".length), event);
    } else if (upper.startsWith("EXDATE")) exdates.push(...parseDateLine(line, event));
    else if (upper.startsWith("RDATE")) rdates.push(...parseDateLine(line, event));
    else fail(`"${line.slice(0, 20)}" is not a recurrence line (RRULE, EXDATE or RDATE).`);
  }
  return { rule, exdates, rdates };
}

/**
 * Recurrence lines in the one form every provider reads: the rule as parsed, EXDATE and RDATE in UTC
 * (`…Z`), or as DATE values for an all-day series.
 */
export function normalizedLines(recurrence: Recurrence, allDay: boolean): string[] {
  const stamp = (date: Date): string => (allDay ? compactDate(date) : compactUtc(date));
  const kind = allDay ? ";VALUE=DATE" : "";
  const lines: string[] = [];
  if (recurrence.rule !== null) lines.push(`RRULE:${recurrence.rule.text}`);
  if (recurrence.exdates.length > 0) lines.push(`EXDATE${kind}:${recurrence.exdates.map(stamp).join(",")}`);
  if (recurrence.rdates.length > 0) lines.push(`RDATE${kind}:${recurrence.rdates.map(stamp).join(",")}`);
  return lines;
}

/** An instant's wall-clock time in a zone, as `YYYYMMDDTHHMMSS`. */
export function wallStamp(zone: string, date: Date): string {
  return localStamp(zone, date.getTime());
}
