/**
 * The fake Graph's views of series: an occurrence as Graph shows it, `/events/{id}/instances` and
 * `calendarView` (single events, and each series expanded, its exceptions applied and its deleted
 * occurrences left out), and writes to one occurrence.
 */
import type { FakeCalendarState, FakeEventState } from "../fake/model.ts";
import { json } from "../util.ts";
import { graphInstant, isSeriesMaster, type Occurrence, occurrences, utcField } from "./series.ts";

/** What the views need from the fake. */
export interface ViewContext {
  readonly eventResource: (event: FakeEventState) => Record<string, unknown>;
  readonly nextEtag: () => string;
  readonly isoNow: () => string;
}

function duration(master: FakeEventState): number {
  return graphInstant(master.resource.end) - graphInstant(master.resource.start);
}

/** An occurrence (or its exception) as Graph returns it, times in UTC. */
export function occurrenceResource(
  ctx: ViewContext,
  calendar: FakeCalendarState,
  master: FakeEventState,
  occurrence: Occurrence,
): Record<string, unknown> & { readonly cancelled: boolean } {
  const { recurrence: _pattern, ...base } = ctx.eventResource(master);
  const exception = calendar.events.get(occurrence.id);
  const own = exception?.resource ?? {};
  const start = own.start === undefined ? occurrence.originalStart : graphInstant(own.start);
  const end = own.end === undefined ? occurrence.originalStart + duration(master) : graphInstant(own.end);
  return {
    ...base,
    ...own,
    id: occurrence.id,
    type: exception === undefined ? "occurrence" : "exception",
    seriesMasterId: master.id,
    originalStart: new Date(occurrence.originalStart).toISOString().replace(".000Z", "Z"),
    start: utcField(start),
    end: utcField(end),
    recurrence: null,
    cancelled: exception?.status === "cancelled",
  };
}

/** Moves or changes one occurrence (PATCH), or deletes it (DELETE): kept as its exception. */
export function writeOccurrence(
  ctx: ViewContext,
  calendar: FakeCalendarState,
  found: { readonly master: FakeEventState; readonly occurrence: Occurrence },
  change: { readonly fields: Record<string, unknown>; readonly cancel: boolean },
): Response {
  const { master, occurrence } = found;
  const now = ctx.isoNow();
  const existing = calendar.events.get(occurrence.id);
  if (change.cancel && existing?.status === "cancelled")
    return json({ error: { code: "ErrorItemNotFound" } }, 404);
  const exception: FakeEventState = existing ?? {
    id: occurrence.id,
    calendarId: calendar.id,
    status: "confirmed",
    etag: ctx.nextEtag(),
    created: now,
    updated: now,
    transactionId: null,
    resource: { seriesMasterId: master.id },
  };
  exception.resource = { ...exception.resource, ...change.fields };
  if (change.cancel) exception.status = "cancelled";
  exception.etag = ctx.nextEtag();
  exception.updated = now;
  calendar.events.set(occurrence.id, exception);
  if (change.cancel) return new Response(null, { status: 204 });
  const { cancelled: _cancelled, ...resource } = occurrenceResource(ctx, calendar, master, occurrence);
  return json(resource);
}

/** `startDateTime` / `endDateTime`, both required by Graph's views. */
export function viewWindow(query: URLSearchParams): { readonly from: number; readonly to: number } | null {
  const from = Date.parse(query.get("startDateTime") ?? "");
  const to = Date.parse(query.get("endDateTime") ?? "");
  return Number.isNaN(from) || Number.isNaN(to) ? null : { from, to };
}

function inWindow(
  item: Record<string, unknown>,
  window: { readonly from: number; readonly to: number },
): boolean {
  const start = Date.parse(`${String((item.start as Record<string, string>).dateTime).slice(0, 19)}Z`);
  const end = Date.parse(`${String((item.end as Record<string, string>).dateTime).slice(0, 19)}Z`);
  return end > window.from && start < window.to;
}

/** The live occurrences of a master overlapping the window, earliest first. */
export function seriesView(
  ctx: ViewContext,
  calendar: FakeCalendarState,
  master: FakeEventState,
  window: { readonly from: number; readonly to: number },
): Record<string, unknown>[] {
  // Exceptions can move an occurrence later: look a year past the window for their originals.
  return occurrences(master, window.to + 366 * 86_400_000)
    .map((occurrence) => occurrenceResource(ctx, calendar, master, occurrence))
    .filter((item) => !item.cancelled && inWindow(item, window))
    .map(({ cancelled: _cancelled, ...item }) => item);
}

/** `calendarView`: single events and every series' occurrences in the window, in UTC, by start. */
export function calendarView(
  ctx: ViewContext,
  calendar: FakeCalendarState,
  window: { readonly from: number; readonly to: number },
): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (const event of calendar.events.values()) {
    if (typeof event.resource.seriesMasterId === "string") continue;
    if (isSeriesMaster(event)) {
      items.push(...seriesView(ctx, calendar, event, window));
      continue;
    }
    const resource = ctx.eventResource(event);
    // All-day events stay on their dates (Graph shows them at midnight whatever the view's zone).
    const allDay = event.resource.isAllDay === true;
    const field = (value: unknown): Record<string, string> =>
      allDay
        ? {
            dateTime: `${String((value as Record<string, string>).dateTime).slice(0, 19)}.0000000`,
            timeZone: "UTC",
          }
        : utcField(graphInstant(value));
    const item = {
      ...resource,
      type: "singleInstance",
      start: field(event.resource.start),
      end: field(event.resource.end),
    };
    if (inWindow(item, window)) items.push(item);
  }
  const start = (item: Record<string, unknown>): string =>
    String((item.start as Record<string, string>).dateTime);
  return items.sort((a, b) => (start(a) < start(b) ? -1 : start(a) > start(b) ? 1 : 0));
}
