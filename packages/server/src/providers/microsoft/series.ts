/**
 * Series at Graph. A series Graph can repeat is one event with a `patternedRecurrence`; its EXDATEs
 * and cancelled instances are deleted occurrences and its moved instances patched occurrences, found
 * by `originalStart` through `/events/{id}/instances`. A series Graph cannot repeat is written as one
 * single event per instance, all marked with the series' key, and linked as `series:<key>`.
 */
import type { EventOverride } from "@org/calendar-connections-core";
import { parseRecurrence } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { UnrepresentableEventError } from "../../events/unrepresentable.ts";
import { ProviderError } from "../errors.ts";
import { type ApiCall, asRecord, type HttpContext, readJson, stringField } from "../http.ts";
import { graphEventBody, graphTime } from "./event-body.ts";
import { EXPANSION_LIMITS, expandInstances } from "./expand.ts";

/** Marks each single event of an expanded series with the series' key (never on a normal event). */
export const SERIES_PROPERTY_ID =
  "String {6d1c8f2e-3b4a-4f5e-9a7b-2c8d0e1f3a5b} Name calendarConnectionsSeries";
/** The external id of an expanded series. */
export const SERIES_PREFIX = "series:";

/** How series calls reach Graph. */
export interface SeriesContext {
  readonly call: ApiCall;
  readonly ctx: HttpContext;
  readonly apiBase: string;
}

const gone = (error: unknown): boolean =>
  error instanceof ProviderError && (error.kind === "not_found" || error.kind === "gone");

async function remove(context: SeriesContext, accessToken: string, eventId: string): Promise<void> {
  try {
    const response = await context.call(
      "events.delete",
      `${context.apiBase}/me/events/${encodeURIComponent(eventId)}`,
      accessToken,
      {
        method: "DELETE",
      },
    );
    await response.body?.cancel();
  } catch (error) {
    if (!gone(error)) throw error;
  }
}

/** The occurrence of a Graph series that originally started at `originalStart`, or null. */
async function findOccurrence(
  context: SeriesContext,
  accessToken: string,
  masterId: string,
  originalStart: Date,
  window: { readonly from: number; readonly to: number },
): Promise<string | null> {
  // `instances` lists occurrences by where they are now: the window spans the original and any new time.
  const url = new URL(`${context.apiBase}/me/events/${encodeURIComponent(masterId)}/instances`);
  url.searchParams.set("startDateTime", new Date(window.from - 60_000).toISOString());
  url.searchParams.set("endDateTime", new Date(window.to + 60_000).toISOString());
  url.searchParams.set("$select", "id,originalStart");
  const body = await readJson(
    context.ctx,
    "events.instances",
    await context.call("events.instances", url.toString(), accessToken),
  );
  for (const item of Array.isArray(body.value) ? body.value : []) {
    const record = asRecord(item);
    if (Date.parse(stringField(record, "originalStart") ?? "") === originalStart.getTime())
      return stringField(record, "id");
  }
  return null;
}

/** The fields of a moved or changed instance. */
function overrideBody(event: HostEvent, override: EventOverride): Record<string, unknown> {
  const duration = event.end.getTime() - event.start.getTime();
  const start = override.start ?? override.originalStart;
  const end = override.end ?? new Date(start.getTime() + duration);
  const body: Record<string, unknown> = {
    start: graphTime(event, start, false),
    end: graphTime(event, end, false),
  };
  if (override.title !== undefined) body.subject = override.title;
  if (override.location !== undefined) body.location = { displayName: override.location ?? "" };
  if (override.description !== undefined)
    body.body = { contentType: "text", content: override.description ?? "" };
  return body;
}

/** Deletes the EXDATE and cancelled occurrences of a just-written Graph series and patches the moved ones. */
export async function applyOccurrenceChanges(
  context: SeriesContext,
  accessToken: string,
  masterId: string,
  event: HostEvent,
): Promise<void> {
  const duration = event.end.getTime() - event.start.getTime();
  const excluded = [...(parseRecurrence(event)?.exdates ?? [])];
  const overrides = event.overrides ?? [];
  for (const override of overrides) if (override.cancelled === true) excluded.push(override.originalStart);
  for (const original of excluded) {
    const window = { from: original.getTime(), to: original.getTime() + duration };
    const occurrence = await findOccurrence(context, accessToken, masterId, original, window);
    // Already deleted (a retried write), or not an instance of the rule: nothing to remove.
    if (occurrence !== null) await remove(context, accessToken, occurrence);
  }
  for (const override of overrides) {
    if (override.cancelled === true) continue;
    const original = override.originalStart.getTime();
    const moved = override.start?.getTime() ?? original;
    const window = {
      from: Math.min(original, moved),
      to: Math.max(original + duration, override.end?.getTime() ?? moved + duration),
    };
    const occurrence = await findOccurrence(context, accessToken, masterId, override.originalStart, window);
    if (occurrence === null) {
      throw new UnrepresentableEventError(
        `No instance of the series starts at ${override.originalStart.toISOString()}: its override cannot be written.`,
      );
    }
    const response = await context.call(
      "events.update",
      `${context.apiBase}/me/events/${encodeURIComponent(occurrence)}`,
      accessToken,
      {
        method: "PATCH",
        body: JSON.stringify(overrideBody(event, override)),
      },
    );
    await response.body?.cancel();
  }
}

/** The ids of the single events of an expanded series in a calendar. */
export async function expandedEventIds(
  context: SeriesContext,
  accessToken: string,
  calendarId: string,
  key: string,
): Promise<string[]> {
  const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${SERIES_PROPERTY_ID}' and ep/value eq '${key}')`;
  const url = `${context.apiBase}/me/calendars/${encodeURIComponent(calendarId)}/events?$filter=${encodeURIComponent(filter)}&$select=id&$top=${EXPANSION_LIMITS.instances + 100}`;
  const body = await readJson(
    context.ctx,
    "events.list",
    await context.call("events.list", url, accessToken),
  );
  return (Array.isArray(body.value) ? body.value : [])
    .map((item) => stringField(asRecord(item), "id"))
    .filter((id): id is string => id !== null);
}

/** Deletes every single event of an expanded series. */
export async function deleteExpanded(
  context: SeriesContext,
  accessToken: string,
  calendarId: string,
  key: string,
): Promise<number> {
  const ids = await expandedEventIds(context, accessToken, calendarId, key);
  for (const id of ids) await remove(context, accessToken, id);
  return ids.length;
}

/**
 * Writes a series as single events (after deleting any earlier ones of the same key): one per
 * instance, a moved instance at its new time, a cancelled one left out. Answers what the job log says.
 */
export async function writeExpanded(
  context: SeriesContext,
  accessToken: string,
  input: {
    readonly calendarId: string;
    readonly key: string;
    readonly event: HostEvent;
    readonly invite: boolean;
    readonly reason: string;
  },
): Promise<string> {
  const { event, key } = input;
  await deleteExpanded(context, accessToken, input.calendarId, key);
  const { starts, truncated } = expandInstances(event);
  const duration = event.end.getTime() - event.start.getTime();
  const overrides = new Map(
    (event.overrides ?? []).map((override) => [override.originalStart.getTime(), override]),
  );
  let written = 0;
  for (const start of starts) {
    const override = overrides.get(start.getTime());
    if (override?.cancelled === true) continue;
    const single: HostEvent = {
      ...event,
      recurrence: null,
      overrides: null,
      start: override?.start ?? start,
      end: override?.end ?? new Date((override?.start ?? start).getTime() + duration),
      title: override?.title ?? event.title,
    };
    const response = await context.call(
      "events.create",
      `${context.apiBase}/me/calendars/${encodeURIComponent(input.calendarId)}/events`,
      accessToken,
      {
        method: "POST",
        body: JSON.stringify({
          ...graphEventBody(single, { invite: input.invite }),
          singleValueExtendedProperties: [{ id: SERIES_PROPERTY_ID, value: key }],
        }),
      },
    );
    await response.body?.cancel();
    written++;
  }
  const cut = truncated
    ? ` (the first ${EXPANSION_LIMITS.instances} or ${EXPANSION_LIMITS.days} days of it)`
    : "";
  return `Graph has no recurrence for ${input.reason}: the series was written as ${written} single events${cut}.`;
}
