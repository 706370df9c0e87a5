/**
 * Writing events to Graph: single events and Graph series under a transaction id (with the kit's key
 * property), series Graph cannot repeat as single events under a series key, and finding an event
 * whose create landed without its link.
 */

import { parseRecurrence, seriesZone } from "../../events/recurrence.ts";
import type { HostEvent } from "../../events/types.ts";
import { UnrepresentableEventError } from "../../events/unrepresentable.ts";
import { ProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import {
  type ApiCall,
  asCalendarNotFound,
  asRecord,
  type HttpContext,
  readJson,
  readWrittenEvent,
  stringField,
} from "../http.ts";
import type { CalendarApi, EventWriteResult } from "../types.ts";
import { graphEventBody, windowsZone } from "./event-body.ts";
import { toPatternedRecurrence } from "./recurrence.ts";
import {
  applyOccurrenceChanges,
  deleteExpanded,
  expandedEventIds,
  SERIES_PREFIX,
  type SeriesContext,
  writeExpanded,
} from "./series.ts";

/**
 * The extended property every event the kit creates carries: its (connection, event) key, so the kit
 * can find an event whose create landed but whose link was lost. Graph documents `$filter` on a
 * singleValueExtendedProperty's id and value (not on `transactionId`).
 */
export const KEY_PROPERTY_ID = "String {6d1c8f2e-3b4a-4f5e-9a7b-2c8d0e1f3a5b} Name calendarConnectionsKey";

/** The event calls of the Graph client. */
export function graphEventsApi(
  ctx: HttpContext,
  apiBase: string,
  call: ApiCall,
): Pick<CalendarApi, "upsertEvent" | "updateEvent" | "findEventByKey" | "deleteEvent"> {
  const endpoints = { apiBase };
  const written = (operation: string, response: Response, created: boolean): Promise<EventWriteResult> =>
    readWrittenEvent(ctx, operation, response, created, "@odata.etag");
  const series: SeriesContext = { call, ctx, apiBase: endpoints.apiBase };
  /** PATCHes an event the kit wrote as one Graph event (a single event or a Graph series). */
  const patch = async (
    accessToken: string,
    externalId: string,
    plan: Exclude<WritePlan, { kind: "expanded" }>,
  ): Promise<EventWriteResult> => {
    const response = await call(
      "events.update",
      `${endpoints.apiBase}/me/events/${encodeURIComponent(externalId)}`,
      accessToken,
      {
        method: "PATCH",
        body: JSON.stringify(plan.body),
      },
    );
    const result = await written("events.update", response, false);
    if (plan.kind === "series") await applyOccurrenceChanges(series, accessToken, externalId, plan.event);
    return result;
  };
  /** Writes a series Graph cannot repeat as single events under `key`. */
  const expanded = async (
    accessToken: string,
    calendarId: string,
    key: string,
    plan: Extract<WritePlan, { kind: "expanded" }>,
    invite: boolean,
  ): Promise<EventWriteResult> => {
    const note = await writeExpanded(series, accessToken, {
      calendarId,
      key,
      event: plan.event,
      invite,
      reason: plan.reason,
    });
    return { externalId: `${SERIES_PREFIX}${key}`, etag: null, created: true, note };
  };
  /** Creates the event as one Graph event under its transaction id (a retry answers the first attempt's). */
  const create = async (
    accessToken: string,
    calendarId: string,
    transactionId: string,
    plan: Exclude<WritePlan, { kind: "expanded" }>,
  ): Promise<EventWriteResult> => {
    let response: Response;
    try {
      response = await call(
        "events.create",
        `${endpoints.apiBase}/me/calendars/${encodeURIComponent(calendarId)}/events`,
        accessToken,
        {
          method: "POST",
          body: JSON.stringify({
            ...plan.body,
            transactionId,
            singleValueExtendedProperties: [{ id: KEY_PROPERTY_ID, value: transactionId }],
          }),
        },
      );
    } catch (error) {
      throw asCalendarNotFound(error);
    }
    const created = await readJson(ctx, "events.create", response);
    const externalId = stringField(created, "id");
    if (externalId === null) {
      throw new ProviderError("unavailable", {
        provider: ctx.provider,
        operation: "events.create",
        status: response.status,
        providerCode: "malformed_response",
      });
    }
    // A retried create answers with the event the first attempt made; bring it up to date.
    if (!sameContent(created, plan.body) || plan.kind === "series")
      return patch(accessToken, externalId, plan);
    return { externalId, etag: stringField(created, "@odata.etag"), created: true };
  };
  /** The transaction id (= key) of an event the kit created as one Graph event. */
  const keyOf = async (accessToken: string, externalId: string): Promise<string | null> => {
    const url = `${endpoints.apiBase}/me/events/${encodeURIComponent(externalId)}?$select=transactionId`;
    return stringField(
      await readJson(ctx, "events.get", await call("events.get", url, accessToken)),
      "transactionId",
    );
  };

  async function deleteOne(
    accessToken: string,
    externalId: string,
  ): Promise<{ readonly alreadyGone: boolean }> {
    try {
      const response = await call(
        "events.delete",
        `${endpoints.apiBase}/me/events/${encodeURIComponent(externalId)}`,
        accessToken,
        {
          method: "DELETE",
        },
      );
      await response.body?.cancel();
      return { alreadyGone: false };
    } catch (error) {
      if (error instanceof ProviderError && (error.kind === "not_found" || error.kind === "gone"))
        return { alreadyGone: true };
      throw error;
    }
  }

  return {
    async upsertEvent(accessToken, input) {
      const invite = input.invite === true;
      const plan = writePlan(input.event, invite);
      const key = deterministicEventId(input.connectionId, input.eventId);
      if (plan.kind === "expanded") {
        try {
          return await expanded(accessToken, input.calendarId, key, plan, invite);
        } catch (error) {
          throw asCalendarNotFound(error);
        }
      }
      return create(accessToken, input.calendarId, key, plan);
    },

    async updateEvent(accessToken, input) {
      const invite = input.invite === true;
      const plan = writePlan(input.event, invite);
      if (input.externalId.startsWith(SERIES_PREFIX)) {
        const key = input.externalId.slice(SERIES_PREFIX.length);
        if (plan.kind === "expanded")
          return { ...(await expanded(accessToken, input.calendarId, key, plan, invite)), created: false };
        // Graph can repeat it now: its single events make way for one Graph event.
        await deleteExpanded(series, accessToken, input.calendarId, key);
        return { ...(await create(accessToken, input.calendarId, key, plan)), created: false };
      }
      if (plan.kind !== "expanded") return patch(accessToken, input.externalId, plan);
      // Graph cannot repeat it any more: the one Graph event makes way for single events.
      const key = await keyOf(accessToken, input.externalId);
      if (key === null)
        throw new UnrepresentableEventError(
          "The event was not created by the kit (it has no transaction id).",
        );
      const result = await expanded(accessToken, input.calendarId, key, plan, invite);
      await deleteOne(accessToken, input.externalId);
      return { ...result, created: false };
    },

    async findEventByKey(accessToken, input) {
      const key = deterministicEventId(input.connectionId, input.eventId);
      const filter = `singleValueExtendedProperties/Any(ep: ep/id eq '${KEY_PROPERTY_ID}' and ep/value eq '${key}')`;
      const url = `${endpoints.apiBase}/me/calendars/${encodeURIComponent(input.calendarId)}/events?$filter=${encodeURIComponent(filter)}&$select=id`;
      let response: Response;
      try {
        response = await call("events.list", url, accessToken);
      } catch (error) {
        throw asCalendarNotFound(error);
      }
      const body = await readJson(ctx, "events.list", response);
      const first = Array.isArray(body.value) ? asRecord(body.value[0]) : null;
      const externalId = stringField(first, "id");
      if (externalId !== null) return { externalId };
      // A series written as single events is found by its series key.
      const singles = await expandedEventIds(series, accessToken, input.calendarId, key);
      return singles.length === 0 ? null : { externalId: `${SERIES_PREFIX}${key}` };
    },

    async deleteEvent(accessToken, input) {
      if (input.externalId.startsWith(SERIES_PREFIX)) {
        const removed = await deleteExpanded(
          series,
          accessToken,
          input.calendarId,
          input.externalId.slice(SERIES_PREFIX.length),
        );
        return { alreadyGone: removed === 0 };
      }
      return deleteOne(accessToken, input.externalId);
    },
  };
}

/** How an event is written to Graph: one event (single or a Graph series), or a series expanded into singles. */
type WritePlan =
  | { readonly kind: "single" | "series"; readonly event: HostEvent; readonly body: Record<string, unknown> }
  | { readonly kind: "expanded"; readonly event: HostEvent; readonly reason: string };

function writePlan(event: HostEvent, invite: boolean): WritePlan {
  const recurrence = parseRecurrence(event);
  if (recurrence === null) return { kind: "single", event, body: graphEventBody(event, { invite }) };
  const zone = seriesZone(event);
  const mapped = toPatternedRecurrence(event, recurrence, zone, windowsZone(zone));
  if (!mapped.ok) return { kind: "expanded", event, reason: mapped.reason };
  return { kind: "series", event, body: graphEventBody(event, { invite, recurrence: mapped.recurrence }) };
}

/**
 * Whether Graph's copy of an event already has the content the kit would write. Times are compared to
 * the second (Graph answers with seven fraction digits); the body only when Graph kept it as text.
 */
function sameContent(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  const pick = (record: Record<string, unknown>, withBody: boolean): string =>
    JSON.stringify([
      record.subject,
      withBody ? asRecord(record.body)?.content : null,
      asRecord(record.location)?.displayName,
      String(asRecord(record.start)?.dateTime).slice(0, 19),
      String(asRecord(record.end)?.dateTime).slice(0, 19),
      record.isAllDay,
    ]);
  const textBody = asRecord(existing.body)?.contentType === "text";
  return pick(existing, textBody) === pick(wanted, textBody);
}
