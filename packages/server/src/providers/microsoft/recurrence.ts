/**
 * RFC 5545 recurrence as Graph's `patternedRecurrence` (pattern + range). Graph repeats by day, week,
 * month (a day of the month, or "the nth weekday") or year; a rule outside that (by hour or minute,
 * BYSETPOS combinations, several months, several month days, RDATE) has no Graph equivalent and is
 * written as single events instead (see `expand.ts`).
 */
import type { ByDay, Recurrence, RecurrenceRule } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { localStamp } from "../../events/vtimezone.ts";

const DAY_NAMES: Record<ByDay["day"], string> = {
  MO: "monday",
  TU: "tuesday",
  WE: "wednesday",
  TH: "thursday",
  FR: "friday",
  SA: "saturday",
  SU: "sunday",
};
const WEEKDAY_OF_INDEX: readonly ByDay["day"][] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const INDEX: Record<string, string> = {
  "1": "first",
  "2": "second",
  "3": "third",
  "4": "fourth",
  "-1": "last",
};
/** Parts Graph has no field for at all. */
const UNMAPPABLE_PARTS = ["BYSECOND", "BYMINUTE", "BYHOUR", "BYYEARDAY", "BYWEEKNO"];

/** Why a series cannot be a Graph series, or the pattern it maps to. */
export type PatternResult =
  | { readonly ok: true; readonly recurrence: Record<string, unknown> }
  | { readonly ok: false; readonly reason: string };

function list(rule: RecurrenceRule, part: string): string[] {
  return (rule.parts.get(part) ?? "").split(",").filter((value) => value !== "");
}

/** The local date (`YYYY-MM-DD`) and weekday of an instant in a zone. */
function local(
  zone: string,
  date: Date,
): { readonly date: string; readonly day: ByDay["day"]; readonly time: string } {
  const stamp = localStamp(zone, date.getTime());
  const day = new Date(
    Date.UTC(Number(stamp.slice(0, 4)), Number(stamp.slice(4, 6)) - 1, Number(stamp.slice(6, 8))),
  );
  return {
    date: `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}`,
    day: WEEKDAY_OF_INDEX[day.getUTCDay()] ?? "MO",
    time: stamp.slice(9),
  };
}

function pattern(rule: RecurrenceRule, start: ReturnType<typeof local>): Record<string, unknown> | string {
  const interval = rule.interval;
  const months = list(rule, "BYMONTH");
  const monthDays = list(rule, "BYMONTHDAY");
  const setPos = list(rule, "BYSETPOS");
  const ordinals = [...new Set(rule.byDay.map((entry) => entry.ordinal))];
  const days = rule.byDay.map((entry) => DAY_NAMES[entry.day]);
  if (months.length > 1) return "several BYMONTH values";
  if (monthDays.length > 1 || monthDays.some((day) => Number(day) < 1))
    return "several or negative BYMONTHDAY values";
  if (setPos.length > 1) return "several BYSETPOS values";
  if (ordinals.length > 1) return "BYDAY entries with different ordinals";
  const ordinal =
    setPos[0] ?? (ordinals[0] === null || ordinals[0] === undefined ? undefined : String(ordinals[0]));
  if (ordinal !== undefined && INDEX[ordinal] === undefined)
    return `the position ${ordinal} (Graph has 1–4 and last)`;
  if (ordinal !== undefined && monthDays.length > 0) return "BYMONTHDAY together with a weekday position";
  const [, startMonth, startDay] = start.date.split("-").map(Number);
  const month = months.length === 1 ? Number(months[0]) : startMonth;
  switch (rule.freq) {
    case "DAILY":
      if (months.length > 0 || monthDays.length > 0 || setPos.length > 0)
        return "a daily rule with BYMONTH/BYMONTHDAY/BYSETPOS";
      if (days.length > 0) {
        // Every day but some weekdays: a weekly pattern, when it repeats every week.
        if (interval !== 1) return "a daily rule with BYDAY and an INTERVAL";
        return { type: "weekly", interval: 1, daysOfWeek: days, firstDayOfWeek: "monday" };
      }
      return { type: "daily", interval };
    case "WEEKLY":
      if (months.length > 0 || monthDays.length > 0 || ordinal !== undefined)
        return "a weekly rule with BYMONTH/BYMONTHDAY/positions";
      return {
        type: "weekly",
        interval,
        daysOfWeek: days.length > 0 ? days : [DAY_NAMES[start.day]],
        firstDayOfWeek: DAY_NAMES[(rule.parts.get("WKST") as ByDay["day"] | undefined) ?? "MO"],
      };
    case "MONTHLY":
      if (months.length > 0) return "a monthly rule with BYMONTH";
      if (ordinal !== undefined)
        return { type: "relativeMonthly", interval, daysOfWeek: days, index: INDEX[ordinal] };
      if (days.length > 0) return "a monthly rule on every one of some weekdays";
      return {
        type: "absoluteMonthly",
        interval,
        dayOfMonth: monthDays.length === 1 ? Number(monthDays[0]) : startDay,
      };
    case "YEARLY":
      if (ordinal !== undefined) {
        if (months.length !== 1) return "a yearly weekday position without one BYMONTH";
        return { type: "relativeYearly", interval, month, daysOfWeek: days, index: INDEX[ordinal] };
      }
      if (days.length > 0) return "a yearly rule on every one of some weekdays";
      return {
        type: "absoluteYearly",
        interval,
        month,
        dayOfMonth: monthDays.length === 1 ? Number(monthDays[0]) : startDay,
      };
    default:
      return `FREQ=${rule.freq}`;
  }
}

/** The day before a `YYYY-MM-DD` date. */
function dayBefore(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - 1)).toISOString().slice(0, 10);
}

/**
 * The event's recurrence as a Graph `patternedRecurrence` in `windowsZone` (the range in the event's
 * local dates), or why it has none. EXDATEs are not part of a pattern: the caller deletes those
 * occurrences after the series is written.
 */
export function toPatternedRecurrence(
  event: HostEvent,
  recurrence: Recurrence,
  zone: string,
  windowsZone: string,
): PatternResult {
  const rule = recurrence.rule;
  if (rule === null) return { ok: false, reason: "RDATE without a rule" };
  if (recurrence.rdates.length > 0) return { ok: false, reason: "RDATE (Graph has no extra dates)" };
  const unmappable = UNMAPPABLE_PARTS.find((part) => rule.parts.has(part));
  if (unmappable !== undefined) return { ok: false, reason: unmappable };
  const start = local(zone, event.start);
  const mapped = pattern(rule, start);
  if (typeof mapped === "string") return { ok: false, reason: mapped };
  let range: Record<string, unknown>;
  if (rule.count !== null) range = { type: "numbered", numberOfOccurrences: rule.count };
  else if (rule.until !== null) {
    // Graph ends on a date (inclusive): the last one whose instance starts by UNTIL.
    const until = local(zone, rule.until);
    range = { type: "endDate", endDate: until.time < start.time ? dayBefore(until.date) : until.date };
  } else range = { type: "noEnd" };
  return {
    ok: true,
    recurrence: {
      pattern: mapped,
      range: { ...range, startDate: start.date, recurrenceTimeZone: windowsZone },
    },
  };
}
