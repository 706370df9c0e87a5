/**
 * The fake Google's recurring-event calls: `events.instances`, `events.list` with `singleEvents=true`,
 * and writes to one instance (`PATCH` / `PUT` / `DELETE` on `<master>_<original start>`), which store
 * an exception the way Calendar v3 keeps one (`recurringEventId`, `originalStartTime`).
 */
import type { FakeCalendarState, FakeEventState } from "../fake/model.ts";
import { UnsupportedRuleError } from "../fake/recurrence.ts";
import { json } from "../util.ts";
import { isSeries, type SeriesInstance, seriesInstances, seriesStart, timeField } from "./instances.ts";

/** What the series calls need from the fake. */
export interface SeriesContext {
  readonly eventResource: (calendar: FakeCalendarState, event: FakeEventState) => Record<string, unknown>;
  readonly nextEtag: () => string;
  readonly isoNow: () => string;
}

/** The master of an instance id (`<master>_<stamp>`) and the instance, or null when there is none. */
export function findInstance(
  calendar: FakeCalendarState,
  instanceId: string,
): { readonly master: FakeEventState; readonly instance: SeriesInstance } | null {
  const underscore = instanceId.lastIndexOf("_");
  if (underscore < 0) return null;
  const master = calendar.events.get(instanceId.slice(0, underscore));
  if (master === undefined || !isSeries(master)) return null;
  const instance = seriesInstances(calendar, master).find((candidate) => candidate.id === instanceId);
  return instance === undefined ? null : { master, instance };
}

/** An instance as Calendar v3 returns it: the master's fields, its own times, and its exception's changes. */
export function instanceResource(
  ctx: SeriesContext,
  calendar: FakeCalendarState,
  master: FakeEventState,
  instance: SeriesInstance,
): Record<string, unknown> {
  const { zone, allDay, duration } = seriesStart(calendar, master);
  const { recurrence: _rule, ...base } = ctx.eventResource(calendar, master);
  const fixed = {
    id: instance.id,
    recurringEventId: master.id,
    originalStartTime: timeField(instance.originalStart, allDay, zone),
  };
  const exception = calendar.events.get(instance.id);
  if (exception === undefined) {
    return {
      ...base,
      ...fixed,
      start: timeField(instance.originalStart, allDay, zone),
      end: timeField(instance.originalStart + duration, allDay, zone),
    };
  }
  // The series cancelled cancels every instance, changed or not.
  const status = master.status === "cancelled" ? "cancelled" : exception.status;
  return {
    ...base,
    ...exception.resource,
    ...fixed,
    etag: exception.etag,
    updated: exception.updated,
    status,
  };
}

/**
 * Writes one instance: a patch (merged into its exception), a full update, or a cancellation. The
 * exception is created on the instance's first change.
 */
export function writeInstance(
  ctx: SeriesContext,
  calendar: FakeCalendarState,
  found: { readonly master: FakeEventState; readonly instance: SeriesInstance },
  change: { readonly fields: Record<string, unknown>; readonly cancel: boolean },
): Response {
  const { master, instance } = found;
  const now = ctx.isoNow();
  const existing = calendar.events.get(instance.id);
  if (change.cancel && existing?.status === "cancelled") return json({ error: "gone" }, 410);
  const current = existing ?? {
    id: instance.id,
    calendarId: calendar.id,
    status: "confirmed" as const,
    etag: ctx.nextEtag(),
    created: now,
    updated: now,
    transactionId: null,
    resource: {},
  };
  const { zone, allDay, duration } = seriesStart(calendar, master);
  current.resource = {
    start: timeField(instance.originalStart, allDay, zone),
    end: timeField(instance.originalStart + duration, allDay, zone),
    ...current.resource,
    ...change.fields,
    recurringEventId: master.id,
  };
  current.status = change.cancel
    ? "cancelled"
    : change.fields.status === "cancelled"
      ? "cancelled"
      : "confirmed";
  current.etag = ctx.nextEtag();
  current.updated = now;
  calendar.events.set(instance.id, current);
  return change.cancel
    ? new Response(null, { status: 204 })
    : json(instanceResource(ctx, calendar, master, instance));
}

function window(query: URLSearchParams): { readonly from: number; readonly to: number } {
  const from = Date.parse(query.get("timeMin") ?? "");
  const to = Date.parse(query.get("timeMax") ?? "");
  return {
    from: Number.isNaN(from) ? Number.NEGATIVE_INFINITY : from,
    to: Number.isNaN(to) ? Number.POSITIVE_INFINITY : to,
  };
}

function overlaps(resource: Record<string, unknown>, from: number, to: number): boolean {
  const time = (field: unknown): number => {
    const record = (field ?? {}) as Record<string, unknown>;
    return Date.parse(String(record.dateTime ?? record.date));
  };
  return time(resource.end) > from && time(resource.start) < to;
}

/** `GET …/events/{id}/instances`: the series' instances in `[timeMin, timeMax)`, or the one at `originalStart`. */
export function listInstances(
  ctx: SeriesContext,
  calendar: FakeCalendarState,
  master: FakeEventState,
  query: URLSearchParams,
): Response {
  const { from, to } = window(query);
  const showDeleted = query.get("showDeleted") === "true";
  const originalStart = Date.parse(query.get("originalStart") ?? "");
  const max = Math.min(Number(query.get("maxResults") ?? "250") || 250, 2500);
  let instances: SeriesInstance[];
  try {
    instances = seriesInstances(calendar, master, to, 2500);
  } catch (error) {
    if (error instanceof UnsupportedRuleError)
      return json({ error: { code: 400, message: error.message } }, 400);
    throw error;
  }
  const items = instances
    .filter((instance) => Number.isNaN(originalStart) || instance.originalStart === originalStart)
    .map((instance) => instanceResource(ctx, calendar, master, instance))
    .filter((item) => (showDeleted || item.status !== "cancelled") && overlaps(item, from, to))
    .slice(0, max);
  return json({ kind: "calendar#events", summary: calendar.name, timeZone: calendar.timeZone, items });
}

/** `events.list` with `singleEvents=true`: single events and every series expanded, exceptions applied. */
export function listSingleEvents(
  ctx: SeriesContext,
  calendar: FakeCalendarState,
  query: URLSearchParams,
): Record<string, unknown>[] {
  const { from, to } = window(query);
  const showDeleted = query.get("showDeleted") === "true";
  const items: Record<string, unknown>[] = [];
  for (const event of calendar.events.values()) {
    // Exceptions are listed as their series' instances.
    if (typeof event.resource.recurringEventId === "string") continue;
    if (!isSeries(event)) {
      items.push(ctx.eventResource(calendar, event));
      continue;
    }
    const bound = Number.isFinite(to) ? to : Date.parse(ctx.isoNow()) + 2 * 365 * 86_400_000;
    for (const instance of seriesInstances(calendar, event, bound, 2500))
      items.push(instanceResource(ctx, calendar, event, instance));
  }
  const start = (item: Record<string, unknown>): number => {
    const field = (item.start ?? {}) as Record<string, unknown>;
    return Date.parse(String(field.dateTime ?? field.date));
  };
  return items
    .filter((item) => (showDeleted || item.status !== "cancelled") && overlaps(item, from, to))
    .sort((a, b) => start(a) - start(b));
}

/** Calendar v3's checks of a recurring event: a zone on timed starts, and a rule the fake can expand. */
export function validateSeries(calendar: FakeCalendarState, event: FakeEventState): string | null {
  if (!isSeries(event)) return null;
  const start = (event.resource.start ?? {}) as Record<string, unknown>;
  if (typeof start.dateTime === "string" && typeof start.timeZone !== "string")
    return "Missing time zone definition for start time.";
  try {
    seriesInstances(calendar, event, Number.POSITIVE_INFINITY, 1);
  } catch (error) {
    if (error instanceof UnsupportedRuleError) return `Invalid recurrence rule: ${error.message}`;
    throw error;
  }
  return null;
}
