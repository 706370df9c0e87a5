/**
 * The fakes' own RRULE expansion (RFC 5545 §3.3.10), written independently of the server's mapping and
 * checked against the `rrule` package on a corpus. A series repeats at DTSTART's wall-clock time in
 * its zone, so its instants move with daylight saving the way a real calendar's do.
 *
 * Supported: FREQ DAILY / WEEKLY / MONTHLY / YEARLY, INTERVAL, COUNT, UNTIL, BYDAY (with ordinals in
 * monthly and yearly rules), BYMONTHDAY (negative too), BYMONTH, BYSETPOS, WKST. Anything else is
 * refused with `UnsupportedRuleError`, as a fake should rather than guess.
 */

const DAY_MS = 86_400_000;
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

/** A rule part the fake does not expand. */
export class UnsupportedRuleError extends Error {
  override readonly name = "UnsupportedRuleError";
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
export function zoneOffsetMs(timeZone: string, instant: number): number {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = Number(part.value);
  const asUtc = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** A wall-clock time (written as UTC fields) in a zone as an instant; a time in a gap moves forward. */
export function wallToInstant(timeZone: string, wall: number): number {
  const guess = wall - zoneOffsetMs(timeZone, wall);
  const instant = wall - zoneOffsetMs(timeZone, guess);
  // Ambiguous (fall back): the earlier instant, as RFC 5545 §3.3.5 says.
  const earlier = wall - zoneOffsetMs(timeZone, instant - 3_600_000);
  if (earlier < instant && earlier + zoneOffsetMs(timeZone, earlier) === wall) return earlier;
  return instant;
}

/** An instant as the zone's wall-clock time (UTC fields). */
export function instantToWall(timeZone: string, instant: number): number {
  return instant + zoneOffsetMs(timeZone, instant);
}

interface Rule {
  readonly freq: string;
  readonly interval: number;
  readonly count: number | null;
  readonly until: number | null;
  readonly byDay: readonly { readonly day: number; readonly ordinal: number | null }[];
  readonly byMonthDay: readonly number[];
  readonly byMonth: readonly number[];
  readonly bySetPos: readonly number[];
  readonly weekStart: number;
}

function numbers(value: string | undefined): number[] {
  return value === undefined ? [] : value.split(",").map(Number);
}

/** Reads `UNTIL`: `…Z` is UTC, a DATE is the end of that day in the zone, a local time is in the zone. */
function untilInstant(value: string, timeZone: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value);
  if (match === null) throw new UnsupportedRuleError(`UNTIL=${value}`);
  const [, y, mo, d, h, mi, s, z] = match;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 23),
    Number(mi ?? 59),
    Number(s ?? 59),
  );
  return z === "Z" ? wall : wallToInstant(timeZone, wall);
}

function parse(text: string, timeZone: string): Rule {
  const parts = new Map(
    text
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((part) => part.split("=") as [string, string]),
  );
  for (const name of parts.keys()) {
    if (
      !["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "WKST"].includes(
        name,
      )
    )
      throw new UnsupportedRuleError(name);
  }
  const freq = parts.get("FREQ") ?? "";
  if (!["DAILY", "WEEKLY", "MONTHLY", "YEARLY"].includes(freq))
    throw new UnsupportedRuleError(`FREQ=${freq}`);
  const until = parts.get("UNTIL");
  return {
    freq,
    interval: Number(parts.get("INTERVAL") ?? "1"),
    count: parts.has("COUNT") ? Number(parts.get("COUNT")) : null,
    until: until === undefined ? null : untilInstant(until, timeZone),
    byDay: (parts.get("BYDAY") ?? "")
      .split(",")
      .filter((entry) => entry !== "")
      .map((entry) => {
        const match = /^([+-]?\d+)?([A-Z]{2})$/.exec(entry);
        const day = WEEKDAYS.indexOf((match?.[2] ?? "") as (typeof WEEKDAYS)[number]);
        if (match === null || day < 0) throw new UnsupportedRuleError(`BYDAY=${entry}`);
        return { day, ordinal: match[1] === undefined ? null : Number(match[1]) };
      }),
    byMonthDay: numbers(parts.get("BYMONTHDAY")),
    byMonth: numbers(parts.get("BYMONTH")),
    bySetPos: numbers(parts.get("BYSETPOS")),
    weekStart: WEEKDAYS.indexOf((parts.get("WKST") ?? "MO") as (typeof WEEKDAYS)[number]),
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Days (midnight, UTC fields) of one month that the rule's BYMONTHDAY / BYDAY pick; `fallbackDay` when neither. */
function monthDays(rule: Rule, year: number, month: number, fallbackDay: number): number[] {
  const length = daysInMonth(year, month);
  const day = (d: number): number => Date.UTC(year, month, d);
  let days: number[] | null = null;
  if (rule.byMonthDay.length > 0) {
    days = rule.byMonthDay
      .map((d) => (d < 0 ? length + d + 1 : d))
      .filter((d) => d >= 1 && d <= length)
      .map(day);
  }
  if (rule.byDay.length > 0) {
    const picked: number[] = [];
    for (const { day: weekday, ordinal } of rule.byDay) {
      const matches: number[] = [];
      for (let d = 1; d <= length; d++) if (new Date(day(d)).getUTCDay() === weekday) matches.push(day(d));
      if (ordinal === null) picked.push(...matches);
      else {
        const chosen = ordinal > 0 ? matches[ordinal - 1] : matches[matches.length + ordinal];
        if (chosen !== undefined) picked.push(chosen);
      }
    }
    days = days === null ? picked : days.filter((d) => picked.includes(d));
  }
  if (days === null) days = fallbackDay <= length ? [day(fallbackDay)] : [];
  return days;
}

/** Days of one whole year that BYDAY with ordinals picks (a yearly rule without BYMONTH). */
function yearDays(rule: Rule, year: number): number[] {
  const picked: number[] = [];
  for (const { day: weekday, ordinal } of rule.byDay) {
    const matches: number[] = [];
    for (let d = Date.UTC(year, 0, 1); d < Date.UTC(year + 1, 0, 1); d += DAY_MS)
      if (new Date(d).getUTCDay() === weekday) matches.push(d);
    if (ordinal === null) picked.push(...matches);
    else {
      const chosen = ordinal > 0 ? matches[ordinal - 1] : matches[matches.length + ordinal];
      if (chosen !== undefined) picked.push(chosen);
    }
  }
  return picked;
}

/** The candidate days (midnight, UTC fields) of period `k` of the rule, before BYSETPOS. */
function periodDays(rule: Rule, start: Date, k: number): number[] {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth();
  const date = start.getUTCDate();
  const inMonths = (days: number[]): number[] =>
    rule.byMonth.length === 0
      ? days
      : days.filter((d) => rule.byMonth.includes(new Date(d).getUTCMonth() + 1));
  switch (rule.freq) {
    case "DAILY": {
      const day = Date.UTC(year, month, date + k);
      const weekdays = rule.byDay.map((entry) => entry.day);
      const keep =
        (weekdays.length === 0 || weekdays.includes(new Date(day).getUTCDay())) &&
        (rule.byMonthDay.length === 0 ||
          monthDays(rule, new Date(day).getUTCFullYear(), new Date(day).getUTCMonth(), 0).includes(day));
      return keep ? inMonths([day]) : [];
    }
    case "WEEKLY": {
      const back = (start.getUTCDay() - rule.weekStart + 7) % 7;
      const weekStart = Date.UTC(year, month, date - back + 7 * k);
      const weekdays = rule.byDay.length > 0 ? rule.byDay.map((entry) => entry.day) : [start.getUTCDay()];
      const days: number[] = [];
      for (let i = 0; i < 7; i++) {
        const day = weekStart + i * DAY_MS;
        if (weekdays.includes(new Date(day).getUTCDay())) days.push(day);
      }
      return inMonths(days);
    }
    case "MONTHLY": {
      const first = new Date(Date.UTC(year, month + k, 1));
      return inMonths(monthDays(rule, first.getUTCFullYear(), first.getUTCMonth(), date));
    }
    default: {
      const y = year + k;
      if (rule.byMonth.length === 0 && rule.byDay.length > 0 && rule.byMonthDay.length === 0)
        return yearDays(rule, y);
      // BYMONTHDAY without BYMONTH applies to every month of the year.
      const every = rule.byMonthDay.length > 0 ? [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] : [month];
      const months = rule.byMonth.length > 0 ? rule.byMonth.map((m) => m - 1) : every;
      return months.flatMap((m) => monthDays(rule, y, m, date));
    }
  }
}

/** Options of `expandSeries`. */
export interface ExpandOptions {
  /** Stop at instances starting at or after this instant. */
  readonly before?: number;
  /** At most this many instances. Default 1000. */
  readonly limit?: number;
}

/**
 * The start instants of a series: `rule` (without `RRULE:`) repeating `dtstart` at its wall-clock
 * time in `timeZone` (`UTC` for all-day series). The first instance is DTSTART when it matches.
 */
export function expandSeries(
  rule: string,
  dtstart: number,
  timeZone: string,
  options: ExpandOptions = {},
): number[] {
  const parsed = parse(rule, timeZone);
  const limit = Math.min(options.limit ?? 1000, parsed.count ?? Number.POSITIVE_INFINITY);
  const before = Math.min(
    options.before ?? Number.POSITIVE_INFINITY,
    (parsed.until ?? Number.POSITIVE_INFINITY) + 1,
  );
  const wallStart = instantToWall(timeZone, dtstart);
  const start = new Date(wallStart);
  const timeOfDay = wallStart - Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  const found: number[] = [];
  // Bounded: a rule that matches nothing in 4000 periods (e.g. 31 February) ends the search.
  for (let k = 0, empty = 0; found.length < limit && empty < 4000; k += parsed.interval) {
    let days = [...new Set(periodDays(parsed, start, k))].sort((a, b) => a - b);
    if (parsed.bySetPos.length > 0) {
      const all = days;
      days = parsed.bySetPos
        .map((position) => (position > 0 ? all[position - 1] : all[all.length + position]))
        .filter((day): day is number => day !== undefined)
        .sort((a, b) => a - b);
    }
    empty = days.length === 0 ? empty + 1 : 0;
    for (const day of days) {
      const instant = wallToInstant(timeZone, day + timeOfDay);
      if (instant < dtstart) continue;
      if (instant >= before) return found;
      found.push(instant);
      if (found.length >= limit) return found;
    }
  }
  return found;
}
