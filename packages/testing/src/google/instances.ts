/**
 * Recurring events in the fake Google: a master's `recurrence` expanded into instances, whose ids are
 * `<master id>_<original start>` (`YYYYMMDDTHHMMSSZ`, or `YYYYMMDD` for all-day series) as Calendar
 * v3 names them. An instance that was changed or cancelled is stored as an exception under that id.
 */
import type { FakeCalendarState, FakeEventState } from "../fake/model.ts";
import { expandSeries, wallToInstant } from "../fake/recurrence.ts";
import { asRecord } from "../util.ts";

/** One instance of a series: its id and original start. */
export interface SeriesInstance {
  readonly id: string;
  readonly originalStart: number;
}

/** The master's start instant, its zone (the calendar's when the start names none) and whether it is all-day. */
export function seriesStart(
  calendar: FakeCalendarState,
  master: FakeEventState,
): { readonly at: number; readonly zone: string; readonly allDay: boolean; readonly duration: number } {
  const start = asRecord(master.resource.start) ?? {};
  const end = asRecord(master.resource.end) ?? {};
  const allDay = typeof start.date === "string";
  const at = Date.parse(String(allDay ? start.date : start.dateTime));
  const endAt = Date.parse(String(allDay ? end.date : end.dateTime));
  const zone = allDay ? "UTC" : typeof start.timeZone === "string" ? start.timeZone : calendar.timeZone;
  return { at, zone, allDay, duration: endAt - at };
}

/** The instants of an EXDATE / RDATE line (`…Z`, `TZID=` local, or `VALUE=DATE`). */
function dateLine(line: string, zone: string): number[] {
  const colon = line.indexOf(":");
  const tzid = /;TZID=([^;:]+)/i.exec(line.slice(0, colon))?.[1] ?? zone;
  return line
    .slice(colon + 1)
    .split(",")
    .map((value) => {
      const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value.trim());
      if (match === null) return Number.NaN;
      const [, y, mo, d, h, mi, s, z] = match;
      const wall = Date.UTC(
        Number(y),
        Number(mo) - 1,
        Number(d),
        Number(h ?? 0),
        Number(mi ?? 0),
        Number(s ?? 0),
      );
      return z === "Z" || h === undefined ? wall : wallToInstant(tzid, wall);
    });
}

/** `YYYYMMDDTHHMMSSZ` or `YYYYMMDD`: the suffix of an instance id. */
export function instanceStamp(instant: number, allDay: boolean): string {
  const iso = new Date(instant).toISOString();
  return allDay ? iso.slice(0, 10).replace(/-/g, "") : `${iso.slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** Whether an event is a recurring master (it has an RRULE or RDATE line). */
export function isSeries(event: FakeEventState): boolean {
  const lines = event.resource.recurrence;
  return Array.isArray(lines) && lines.some((line) => /^(RRULE|RDATE)/i.test(String(line)));
}

/**
 * The instances of a master, earliest first, starting before `before` (at most `limit`): its RRULE's
 * and RDATEs' starts less its EXDATEs. Throws `UnsupportedRuleError` for a rule the fake cannot expand.
 */
export function seriesInstances(
  calendar: FakeCalendarState,
  master: FakeEventState,
  before = Number.POSITIVE_INFINITY,
  limit = 1000,
): SeriesInstance[] {
  const { at, zone, allDay } = seriesStart(calendar, master);
  const lines = (Array.isArray(master.resource.recurrence) ? master.resource.recurrence : []).map(String);
  const starts = new Set<number>();
  const excluded = new Set<number>();
  for (const line of lines) {
    const upper = line.toUpperCase();
    if (upper.startsWith("RRULE:")) {
      for (const instant of expandSeries(line.slice(6), at, zone, { before, limit })) starts.add(instant);
    } else if (upper.startsWith("RDATE")) for (const instant of dateLine(line, zone)) starts.add(instant);
    else if (upper.startsWith("EXDATE")) for (const instant of dateLine(line, zone)) excluded.add(instant);
  }
  return [...starts]
    .filter((instant) => !excluded.has(instant) && instant < before)
    .sort((a, b) => a - b)
    .slice(0, limit)
    .map((instant) => ({ id: `${master.id}_${instanceStamp(instant, allDay)}`, originalStart: instant }));
}

/** A time field as Calendar v3 writes it: a date for all-day series, else a UTC date-time with the zone. */
export function timeField(instant: number, allDay: boolean, zone: string): Record<string, string> {
  return allDay
    ? { date: new Date(instant).toISOString().slice(0, 10) }
    : { dateTime: new Date(instant).toISOString().replace(".000Z", "Z"), timeZone: zone };
}
