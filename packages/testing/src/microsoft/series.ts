/**
 * Recurring events in the fake Graph: a series master's `patternedRecurrence` read into an RRULE for
 * the fakes' own expansion, its occurrences (`/events/{id}/instances`, `calendarView`), and changes
 * to one occurrence, kept as an exception (moved) or a cancelled occurrence (deleted).
 */
import { findIana } from "windows-iana";
import type { FakeCalendarState, FakeEventState } from "../fake/model.ts";
import { expandSeries, wallToInstant } from "../fake/recurrence.ts";
import { asRecord } from "../util.ts";

const DAYS: Record<string, string> = {
  sunday: "SU",
  monday: "MO",
  tuesday: "TU",
  wednesday: "WE",
  thursday: "TH",
  friday: "FR",
  saturday: "SA",
};
const INDEX: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, last: -1 };

/** An IANA zone for a Graph `timeZone` (a Windows name, or an IANA name, both of which Graph takes); null when unknown. */
export function ianaZone(timeZone: string): string | null {
  if (timeZone === "UTC") return "UTC";
  const [windows] = findIana(timeZone);
  if (windows !== undefined) return windows;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return null;
  }
}

/** A Graph `dateTimeTimeZone` as an instant (its wall-clock `dateTime` read in its zone). */
export function graphInstant(field: unknown): number {
  const record = asRecord(field) ?? {};
  const zone = ianaZone(String(record.timeZone ?? "UTC")) ?? "UTC";
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(String(record.dateTime ?? ""));
  if (match === null) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return wallToInstant(zone, Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
}

/** A `patternedRecurrence` as an RRULE (the fake's own reading of Graph's documented pattern types). */
export function patternRule(recurrence: Record<string, unknown>): string {
  const pattern = asRecord(recurrence.pattern) ?? {};
  const range = asRecord(recurrence.range) ?? {};
  const parts = [`INTERVAL=${Number(pattern.interval ?? 1)}`];
  const days = (Array.isArray(pattern.daysOfWeek) ? pattern.daysOfWeek : []).map(
    (day) => DAYS[String(day)] ?? "?",
  );
  const index = INDEX[String(pattern.index ?? "first")] ?? 1;
  switch (pattern.type) {
    case "daily":
      parts.unshift("FREQ=DAILY");
      break;
    case "weekly":
      parts.unshift("FREQ=WEEKLY");
      parts.push(
        `BYDAY=${days.join(",")}`,
        `WKST=${DAYS[String(pattern.firstDayOfWeek ?? "sunday")] ?? "SU"}`,
      );
      break;
    case "absoluteMonthly":
      parts.unshift("FREQ=MONTHLY");
      parts.push(`BYMONTHDAY=${Number(pattern.dayOfMonth)}`);
      break;
    case "relativeMonthly":
      parts.unshift("FREQ=MONTHLY");
      parts.push(`BYDAY=${days.join(",")}`, `BYSETPOS=${index}`);
      break;
    case "absoluteYearly":
      parts.unshift("FREQ=YEARLY");
      parts.push(`BYMONTH=${Number(pattern.month)}`, `BYMONTHDAY=${Number(pattern.dayOfMonth)}`);
      break;
    case "relativeYearly":
      parts.unshift("FREQ=YEARLY");
      parts.push(`BYMONTH=${Number(pattern.month)}`, `BYDAY=${days.join(",")}`, `BYSETPOS=${index}`);
      break;
    default:
      throw new Error(`unknown recurrence pattern type ${String(pattern.type)}`);
  }
  if (range.type === "numbered") parts.push(`COUNT=${Number(range.numberOfOccurrences)}`);
  // An end date is inclusive: the whole day, in the recurrence's zone.
  if (range.type === "endDate") parts.push(`UNTIL=${String(range.endDate).replace(/-/g, "")}`);
  return parts.join(";");
}

/** One occurrence of a series: its id (`<master>_occ_<original start>`) and original start. */
export interface Occurrence {
  readonly id: string;
  readonly originalStart: number;
}

/** Whether an event is a series master. */
export function isSeriesMaster(event: FakeEventState): boolean {
  return asRecord(event.resource.recurrence) !== null;
}

/** The occurrences of a master starting before `before`, earliest first (cancelled ones included). */
export function occurrences(master: FakeEventState, before: number): Occurrence[] {
  const recurrence = asRecord(master.resource.recurrence);
  if (recurrence === null) return [];
  const range = asRecord(recurrence.range) ?? {};
  const start = asRecord(master.resource.start) ?? {};
  const zone = ianaZone(String(range.recurrenceTimeZone ?? start.timeZone ?? "UTC")) ?? "UTC";
  const at = graphInstant(master.resource.start);
  return expandSeries(patternRule(recurrence), at, zone, { before, limit: 2000 }).map((instant) => ({
    id: `${master.id}_occ_${new Date(instant).toISOString().replace(/[-:.]/g, "")}`,
    originalStart: instant,
  }));
}

/** Graph's UTC `dateTimeTimeZone` (seven fraction digits). */
export function utcField(instant: number): Record<string, string> {
  return { dateTime: `${new Date(instant).toISOString().slice(0, 19)}.0000000`, timeZone: "UTC" };
}

/** The master and occurrence behind an occurrence id, or null. */
export function findOccurrence(
  calendar: FakeCalendarState,
  occurrenceId: string,
): { readonly master: FakeEventState; readonly occurrence: Occurrence } | null {
  const at = occurrenceId.lastIndexOf("_occ_");
  if (at < 0) return null;
  const master = calendar.events.get(occurrenceId.slice(0, at));
  if (master === undefined || !isSeriesMaster(master)) return null;
  const occurrence = occurrences(master, Number.POSITIVE_INFINITY).find(
    (candidate) => candidate.id === occurrenceId,
  );
  return occurrence === undefined ? null : { master, occurrence };
}
