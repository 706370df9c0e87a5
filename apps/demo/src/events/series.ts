import type { DemoEvent, DemoOverride } from "../lib/api.ts";

/** What the form can repeat: the RRULE frequency, or none. */
export type Repeat = "none" | "DAILY" | "WEEKLY" | "MONTHLY";

/** The zones the form offers (the browser's own comes first). */
export const ZONES: readonly string[] = [
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "UTC",
];

/** The browser's IANA zone. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The recurrence lines of a repeat choice: `FREQ=…;COUNT=n`. */
export function recurrenceOf(repeat: Repeat, count: number): string[] | null {
  return repeat === "none" ? null : [`RRULE:FREQ=${repeat};COUNT=${count}`];
}

/** The repeat choice and count of an event's recurrence (as the form wrote it). */
export function repeatOf(event: Pick<DemoEvent, "recurrence">): { repeat: Repeat; count: number } {
  const match = /^RRULE:FREQ=(DAILY|WEEKLY|MONTHLY);COUNT=(\d+)$/.exec(event.recurrence?.[0] ?? "");
  return match === null
    ? { repeat: "none", count: 6 }
    : { repeat: match[1] as Repeat, count: Number(match[2]) };
}

function offsetMs(zone: string, instant: number): number {
  const parts: Record<string, number> = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    })
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
  );
  return wall - Math.floor(instant / 60_000) * 60_000;
}

/** One instance of a series as the demo lists it. */
export interface SeriesInstance {
  readonly originalStart: string;
  readonly start: string;
  readonly end: string;
  readonly moved: boolean;
  readonly cancelled: boolean;
}

/**
 * The instances of a series the form made: the same wall-clock time in its zone every day, week or
 * month (so they keep their local time across daylight-saving changes), with its overrides applied.
 */
export function seriesInstances(event: DemoEvent): SeriesInstance[] {
  const { repeat, count } = repeatOf(event);
  if (repeat === "none") return [];
  const zone = event.timeZone ?? "UTC";
  const start = Date.parse(event.start);
  const duration = Date.parse(event.end) - start;
  const wall = new Date(start + offsetMs(zone, start));
  const overrides = new Map(
    (event.overrides ?? []).map((override) => [Date.parse(override.originalStart), override]),
  );
  const found: SeriesInstance[] = [];
  for (let k = 0; k < count; k++) {
    const next = new Date(wall);
    if (repeat === "DAILY") next.setUTCDate(wall.getUTCDate() + k);
    if (repeat === "WEEKLY") next.setUTCDate(wall.getUTCDate() + 7 * k);
    if (repeat === "MONTHLY") next.setUTCMonth(wall.getUTCMonth() + k);
    const guess = next.getTime() - offsetMs(zone, next.getTime());
    const instant = next.getTime() - offsetMs(zone, guess);
    const override = overrides.get(instant);
    const moved = override?.start !== undefined && override.cancelled !== true;
    found.push({
      originalStart: new Date(instant).toISOString(),
      start: override?.start ?? new Date(instant).toISOString(),
      end:
        override?.end ??
        new Date((override?.start ? Date.parse(override.start) : instant) + duration).toISOString(),
      moved,
      cancelled: override?.cancelled === true,
    });
  }
  return found;
}

/** The event with one instance moved by `days` (kept with its other overrides). */
export function withMoved(event: DemoEvent, instance: SeriesInstance, days: number): DemoOverride[] {
  const shift = days * 86_400_000;
  const others = (event.overrides ?? []).filter(
    (override) => override.originalStart !== instance.originalStart,
  );
  return [
    ...others,
    {
      originalStart: instance.originalStart,
      start: new Date(Date.parse(instance.start) + shift).toISOString(),
      end: new Date(Date.parse(instance.end) + shift).toISOString(),
    },
  ];
}

/** The event with one instance cancelled. */
export function withCancelled(event: DemoEvent, instance: SeriesInstance): DemoOverride[] {
  const others = (event.overrides ?? []).filter(
    (override) => override.originalStart !== instance.originalStart,
  );
  return [...others, { originalStart: instance.originalStart, cancelled: true }];
}
