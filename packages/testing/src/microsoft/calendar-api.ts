import { type FakeBatchFormat, readGraphBatch, writeGraphBatch } from "../fake/batch.ts";
import type { FakeSeriesInstance } from "../fake/control-api.ts";
import type { FakeAccountState, FakeCalendarState, FakeEventState } from "../fake/model.ts";
import type { FakeCaller, FakeRoute } from "../fake/types.ts";
import { asRecord, json, readJsonObject, writableFields } from "../util.ts";
import { filterEvents } from "./filter.ts";
import { type FakeMicrosoftOptions, GRAPH, MicrosoftOAuth } from "./oauth.ts";
import { findOccurrence, ianaZone, isSeriesMaster, occurrences } from "./series.ts";
import {
  calendarView,
  occurrenceResource,
  seriesView,
  type ViewContext,
  viewWindow,
  writeOccurrence,
} from "./views.ts";

const ME_SCOPES = ["user.read", "user.readwrite", "user.readbasic.all", "user.read.all"];
const READ_SCOPES = [
  "calendars.read",
  "calendars.readwrite",
  "calendars.read.shared",
  "calendars.readwrite.shared",
];
const WRITE_SCOPES = ["calendars.readwrite", "calendars.readwrite.shared"];
/** Graph takes at most 20 requests in one `$batch`. */
const GRAPH_BATCH_LIMIT = 20;
const READ_ONLY_FIELDS = [
  "id",
  "@odata.etag",
  "@odata.context",
  "changeKey",
  "createdDateTime",
  "lastModifiedDateTime",
  "transactionId",
];

/**
 * A fake Microsoft: Entra ID v2 (authorize with a consent page, token with rotating refresh tokens; no
 * revocation endpoint, as for real delegated tokens: revoke with `revokeGrants`) and the parts of
 * Microsoft Graph v1.0 the kit uses (`/me`, `/me/calendars`, events with `transactionId`, series with
 * a `patternedRecurrence`: `/events/{id}/instances`, `calendarView`, changed and deleted occurrences).
 */
export class FakeMicrosoft extends MicrosoftOAuth {
  private changeCounter = 0;
  private readonly views: ViewContext = {
    eventResource: (event) => this.eventResource(event),
    nextEtag: () => this.nextEtag(),
    isoNow: () => this.isoNow(),
  };

  /**
   * `POST /v1.0/$batch` (JSON batching): each request runs with the outer Authorization and counts
   * against the account's rate limit on its own, so an item can answer 429 with Retry-After inside a
   * 200. Over 20 requests, duplicate ids or a malformed payload: a 400 and nothing runs, as Graph does.
   */
  private readonly batchFormat: FakeBatchFormat = {
    limit: GRAPH_BATCH_LIMIT,
    parts: "requests",
    read: (request) => readGraphBatch(request, this.endpoints.apiBase),
    write: writeGraphBatch,
  };

  protected route(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.oauthRoute(method, path, request);
    if (oauth !== null) return oauth;
    if (path === "/v1.0/$batch" && method === "POST")
      return { name: "batch", target: "batch", run: () => this.serveBatch(request, this.batchFormat) };
    if (!path.startsWith("/v1.0/me")) return null;
    const parts = path.slice("/v1.0/".length).split("/").map(decodeURIComponent);
    const query = new URL(request.url).searchParams;
    const api = this.apiRoutes(request);
    const [, collection, id, sub] = parts;
    if (collection === undefined && method === "GET")
      return api("me", ME_SCOPES, (caller) => this.me(caller));
    if (collection === "calendarView" && method === "GET")
      return api("calendarView", READ_SCOPES, (c) => this.view(c, null, query));
    if (collection === "calendars" && sub === "calendarView" && id !== undefined && method === "GET")
      return api("calendarView", READ_SCOPES, (c) => this.view(c, id, query));
    if (collection === "events" && id !== undefined && sub === "instances" && method === "GET")
      return api("events.instances", READ_SCOPES, (c) => this.instances(c, id, query));
    if (collection === "calendars") {
      if (id === undefined && method === "GET")
        return api("calendars.list", READ_SCOPES, (c) => this.calendars(c, query));
      if (id !== undefined && sub === undefined && method === "GET") {
        return api("calendars.get", READ_SCOPES, (c) => this.calendarGet(c, id));
      }
      if (id !== undefined && sub === "events" && parts.length === 4) {
        if (method === "POST") return api("events.create", WRITE_SCOPES, (c) => this.create(c, id, request));
        if (method === "GET") return api("events.list", READ_SCOPES, (c) => this.list(c, id, query));
      }
      return null;
    }
    if (collection === "events") {
      if (id === undefined) {
        if (method === "POST")
          return api("events.create", WRITE_SCOPES, (c) => this.create(c, null, request));
        return null;
      }
      if (parts.length !== 3) return null;
      if (method === "GET") return api("events.get", READ_SCOPES, (c) => this.get(c, id));
      if (method === "PATCH") return api("events.update", WRITE_SCOPES, (c) => this.update(c, id, request));
      if (method === "DELETE") return api("events.delete", WRITE_SCOPES, (c) => this.delete(c, id));
    }
    return null;
  }

  /**
   * What `calendarView` shows of a calendar in `[from, to)`: single events and every occurrence of its
   * series (moved ones where they moved to, deleted ones left out), times in UTC. For tests and demo pages.
   */
  calendarView(email: string, calendarId: string, from: string, to: string): Record<string, unknown>[] {
    const account = this.account(email);
    const calendar = account === undefined ? undefined : this.findCalendar(account, calendarId);
    if (calendar === undefined) return [];
    return calendarView(this.views, calendar, { from: Date.parse(from), to: Date.parse(to) });
  }

  protected override seriesInstances(calendar: FakeCalendarState): FakeSeriesInstance[] {
    const found: FakeSeriesInstance[] = [];
    for (const master of calendar.events.values()) {
      if (!isSeriesMaster(master)) continue;
      for (const occurrence of occurrences(master, Number.POSITIVE_INFINITY).slice(0, 200)) {
        const item = occurrenceResource(this.views, calendar, master, occurrence);
        const time = (field: unknown): string =>
          new Date(`${String((field as { dateTime: string }).dateTime).slice(0, 19)}Z`).toISOString();
        found.push({
          seriesId: master.id,
          id: occurrence.id,
          start: time(item.start),
          end: time(item.end),
          changed: item.type === "exception" && !item.cancelled,
          cancelled: item.cancelled,
        });
      }
    }
    return found;
  }

  // ---------------------------------------------------------------- /me and calendars

  private me({ account }: FakeCaller): Response {
    return json({
      "@odata.context": `${GRAPH}v1.0/$metadata#users/$entity`,
      id: account.id,
      displayName: account.name,
      mail: account.mail,
      userPrincipalName: account.email,
    });
  }

  private calendarResource(account: FakeAccountState, calendar: FakeCalendarState): Record<string, unknown> {
    const owner = calendar.accessRole === "owner";
    return {
      id: calendar.id,
      name: calendar.name,
      color: "auto",
      hexColor: calendar.color ?? "",
      isDefaultCalendar: calendar.primary,
      changeKey: `ck${calendar.id.length}`,
      canShare: owner,
      canViewPrivateItems: owner,
      canEdit: owner || calendar.accessRole === "writer",
      isRemovable: !calendar.primary,
      owner: { name: account.name, address: account.email },
    };
  }

  private calendars({ account }: FakeCaller, query: URLSearchParams): Response {
    const all = account.calendars.filter((calendar) => !calendar.deleted);
    const top = Math.min(Math.max(Number(query.get("$top") ?? "10") || 10, 1), 1000);
    const skip = Math.max(Number(query.get("$skip") ?? "0") || 0, 0);
    const body: Record<string, unknown> = {
      "@odata.context": `${GRAPH}v1.0/$metadata#me/calendars`,
      value: all.slice(skip, skip + top).map((calendar) => this.calendarResource(account, calendar)),
    };
    if (skip + top < all.length) {
      body["@odata.nextLink"] = `${this.endpoints.apiBase}/me/calendars?$top=${top}&$skip=${skip + top}`;
    }
    return json(body);
  }

  private calendarGet({ account }: FakeCaller, calendarId: string): Response {
    const calendar = this.findCalendar(account, calendarId);
    return calendar === undefined
      ? this.apiError("not_found", "The specified object was not found in the store.")
      : json(this.calendarResource(account, calendar));
  }

  // ---------------------------------------------------------------- events

  private eventResource(event: FakeEventState): Record<string, unknown> {
    // Graph answers with extended properties only when `$expand`ed; the kit never asks.
    const { singleValueExtendedProperties: _hidden, ...resource } = event.resource;
    return {
      "@odata.etag": event.etag,
      ...resource,
      id: event.id,
      createdDateTime: event.created,
      lastModifiedDateTime: event.updated,
      changeKey: event.etag.slice(3, -1),
      transactionId: event.transactionId,
      isCancelled: false,
      webLink: `${this.baseURL}/owa/?itemid=${encodeURIComponent(event.id)}`,
    };
  }

  private nextEtag(): string {
    this.changeCounter++;
    return `W/"fakeCK${this.now()}${String(this.changeCounter).padStart(3, "0")}"`;
  }

  private findEvent(account: FakeAccountState, eventId: string): [FakeCalendarState, FakeEventState] | null {
    for (const calendar of account.calendars) {
      const event = calendar.deleted ? undefined : calendar.events.get(eventId);
      if (event !== undefined) return [calendar, event];
    }
    return null;
  }

  private async create(caller: FakeCaller, calendarId: string | null, request: Request): Promise<Response> {
    const { account } = caller;
    const calendar =
      calendarId === null
        ? account.calendars.find((candidate) => candidate.primary && !candidate.deleted)
        : this.findCalendar(account, calendarId);
    if (calendar === undefined)
      return this.apiError("not_found", "The specified object was not found in the store.");
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "Access is denied. Check credentials and try again.");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Unable to read JSON request payload.");
    const invalid = validateTimes(body, true);
    if (invalid !== null) return this.apiError("invalid", invalid);
    const transactionId = typeof body.transactionId === "string" ? body.transactionId : null;
    if (transactionId !== null) {
      // A retried create with the same transactionId returns the event the first attempt made, for
      // as long as the service remembers the id.
      const remembered = (created: string): boolean =>
        this.now() - Date.parse(created) < this.transactionIdWindowMs;
      for (const candidate of account.calendars) {
        for (const existing of candidate.events.values()) {
          if (existing.transactionId === transactionId && remembered(existing.created))
            return json(this.eventResource(existing), 201);
        }
      }
    }
    const now = this.isoNow();
    const event: FakeEventState = {
      id: `AAMkAGfakeEv${this.randomHex(24)}=`,
      calendarId: calendar.id,
      status: "confirmed",
      etag: this.nextEtag(),
      created: now,
      updated: now,
      transactionId,
      resource: writableFields(READ_ONLY_FIELDS, body),
    };
    calendar.events.set(event.id, event);
    return json(this.eventResource(event), 201);
  }

  private list({ account }: FakeCaller, calendarId: string, query: URLSearchParams): Response {
    const calendar = this.findCalendar(account, calendarId);
    if (calendar === undefined)
      return this.apiError("not_found", "The specified object was not found in the store.");
    const filter = query.get("$filter");
    let events = [...calendar.events.values()];
    if (filter !== null) {
      const filtered = filterEvents(events, filter);
      if (filtered === null) return this.apiError("invalid", "Invalid filter clause");
      events = filtered;
    }
    return json({ value: events.map((event) => this.eventResource(event)) });
  }

  /** The series master and occurrence behind an occurrence id, in any of the account's calendars. */
  private findSeriesOccurrence(account: FakeAccountState, eventId: string) {
    for (const calendar of account.calendars) {
      const found = calendar.deleted ? null : findOccurrence(calendar, eventId);
      if (found !== null) return { calendar, ...found };
    }
    return null;
  }

  private view({ account }: FakeCaller, calendarId: string | null, query: URLSearchParams): Response {
    const calendar =
      calendarId === null
        ? account.calendars.find((candidate) => candidate.primary && !candidate.deleted)
        : this.findCalendar(account, calendarId);
    if (calendar === undefined)
      return this.apiError("not_found", "The specified object was not found in the store.");
    const window = viewWindow(query);
    if (window === null) return this.apiError("invalid", "startDateTime and endDateTime are required.");
    return json({ value: calendarView(this.views, calendar, window) });
  }

  private instances({ account }: FakeCaller, eventId: string, query: URLSearchParams): Response {
    const found = this.findEvent(account, eventId);
    if (found === null) return this.apiError("not_found", "The specified object was not found in the store.");
    const window = viewWindow(query);
    if (window === null) return this.apiError("invalid", "startDateTime and endDateTime are required.");
    const [calendar, master] = found;
    return json({ value: isSeriesMaster(master) ? seriesView(this.views, calendar, master, window) : [] });
  }

  private get({ account }: FakeCaller, eventId: string): Response {
    const found = this.findEvent(account, eventId);
    return found === null
      ? this.apiError("not_found", "The specified object was not found in the store.")
      : json(this.eventResource(found[1]));
  }

  private async update({ account }: FakeCaller, eventId: string, request: Request): Promise<Response> {
    const found = this.findEvent(account, eventId);
    if (found === null || typeof found[1].resource.seriesMasterId === "string") {
      const occurrence = this.findSeriesOccurrence(account, eventId);
      if (occurrence === null)
        return this.apiError("not_found", "The specified object was not found in the store.");
      const body = await readJsonObject(request);
      if (body === null) return this.apiError("invalid", "Unable to read JSON request payload.");
      return writeOccurrence(this.views, occurrence.calendar, occurrence, {
        fields: writableFields(READ_ONLY_FIELDS, body),
        cancel: false,
      });
    }
    const [calendar, event] = found;
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "Access is denied. Check credentials and try again.");
    }
    const ifMatch = request.headers.get("if-match");
    if (ifMatch !== null && ifMatch !== "*" && ifMatch !== event.etag) {
      return this.apiError("precondition_failed", "The etag does not match.");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Unable to read JSON request payload.");
    const next = { ...event.resource, ...writableFields(READ_ONLY_FIELDS, body) };
    const invalid = validateTimes(next, false);
    if (invalid !== null) return this.apiError("invalid", invalid);
    // A changed pattern drops the series' exceptions and deleted occurrences, as Graph does.
    if (JSON.stringify(next.recurrence ?? null) !== JSON.stringify(event.resource.recurrence ?? null))
      this.dropExceptions(calendar, event.id);
    event.resource = next;
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return json(this.eventResource(event));
  }

  private dropExceptions(calendar: FakeCalendarState, masterId: string): void {
    for (const [id, candidate] of calendar.events)
      if (candidate.resource.seriesMasterId === masterId) calendar.events.delete(id);
  }

  private delete({ account }: FakeCaller, eventId: string): Response {
    const found = this.findEvent(account, eventId);
    if (found === null || typeof found[1].resource.seriesMasterId === "string") {
      const occurrence = this.findSeriesOccurrence(account, eventId);
      if (occurrence === null)
        return this.apiError("not_found", "The specified object was not found in the store.");
      const answer = writeOccurrence(this.views, occurrence.calendar, occurrence, {
        fields: {},
        cancel: true,
      });
      return answer.status === 404
        ? this.apiError("not_found", "The specified object was not found in the store.")
        : answer;
    }
    // The series goes with its exceptions.
    this.dropExceptions(found[0], eventId);
    found[0].events.delete(eventId);
    return new Response(null, { status: 204 });
  }
}

/** A fake Microsoft (see `FakeMicrosoft`). */
export function createFakeMicrosoft(options: FakeMicrosoftOptions = {}): FakeMicrosoft {
  return new FakeMicrosoft(options);
}

/** Graph's `dateTimeTimeZone` checks: both times present with `dateTime` and `timeZone`, end not before start. */
function validateTimes(body: Record<string, unknown>, required: boolean): string | null {
  const start = asRecord(body.start);
  const end = asRecord(body.end);
  if (start === null || end === null) return required ? "Start and end are required." : null;
  for (const time of [start, end]) {
    if (typeof time.dateTime !== "string" || Number.isNaN(Date.parse(time.dateTime)))
      return "Invalid dateTime.";
    if (typeof time.timeZone !== "string" || time.timeZone === "") return "timeZone is required.";
    if (ianaZone(time.timeZone) === null)
      return `A valid TimeZone value must be specified: ${time.timeZone}.`;
    // isAllDay events start and end at midnight (Graph answers 400 otherwise).
    if (body.isAllDay === true && !String(time.dateTime).slice(11).startsWith("00:00:00"))
      return "The start and end of an all-day event must be at midnight.";
  }
  if (Date.parse(String(end.dateTime)) < Date.parse(String(start.dateTime))) {
    return "The end of the event must be after its start.";
  }
  return null;
}
