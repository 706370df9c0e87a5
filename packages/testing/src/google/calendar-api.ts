import { type FakeBatchFormat, readGoogleBatch, writeGoogleBatch } from "../fake/batch.ts";
import type { FakeSeriesInstance } from "../fake/control-api.ts";
import type { FakeAccountState, FakeCalendarState, FakeEventState } from "../fake/model.ts";
import type { FakeCaller, FakeRoute } from "../fake/types.ts";
import { asRecord, json, readJsonObject, writableFields } from "../util.ts";
import { isSeries, seriesInstances } from "./instances.ts";
import { AUTH, type FakeGoogleOptions } from "./oauth.ts";
import {
  findInstance,
  instanceResource,
  listInstances,
  listSingleEvents,
  type SeriesContext,
  validateSeries,
  writeInstance,
} from "./series.ts";
import { GoogleServiceAccounts } from "./service-account.ts";

const CALENDAR = `${AUTH}/calendar`;
const CALENDAR_READONLY = `${AUTH}/calendar.readonly`;
const CALENDAR_EVENTS = `${AUTH}/calendar.events`;
const CALENDAR_EVENTS_READONLY = `${AUTH}/calendar.events.readonly`;
const CALENDAR_LIST_SCOPES = [CALENDAR, CALENDAR_READONLY, `${AUTH}/calendar.calendarlist.readonly`];
const EVENT_READ_SCOPES = [CALENDAR, CALENDAR_READONLY, CALENDAR_EVENTS, CALENDAR_EVENTS_READONLY];
const EVENT_WRITE_SCOPES = [CALENDAR, CALENDAR_EVENTS];
/** Google Calendar event ids: base32hex characters (a–v, 0–9), 5 to 1024 of them. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
/** The most calls Google takes in one batch request (it recommends sending at most 50). */
const GOOGLE_BATCH_LIMIT = 1000;
const READ_ONLY_FIELDS = ["id", "etag", "kind", "created", "updated", "status", "iCalUID", "htmlLink"];

/**
 * A fake Google: OAuth 2.0 (authorize with a consent page, token, revoke), OpenID userinfo and the
 * parts of Calendar v3 the kit uses (calendarList, events insert/get/list/patch/update/delete, and
 * recurring events: `events.instances`, `singleEvents=true`, changes to one instance).
 */
export class FakeGoogle extends GoogleServiceAccounts {
  private etagCounter = 0;
  private readonly invited: string[] = [];
  private readonly series: SeriesContext = {
    eventResource: (calendar, event) => this.eventResource(calendar, event),
    nextEtag: () => this.nextEtag(),
    isoNow: () => this.isoNow(),
  };

  /** Google takes up to 1,000 calls per batch (it recommends 50). */
  private readonly batchFormat: FakeBatchFormat = {
    limit: GOOGLE_BATCH_LIMIT,
    parts: "calls",
    read: readGoogleBatch,
    write: (answers) => writeGoogleBatch(answers, `batch_${this.randomHex(12)}`),
  };

  protected route(method: string, path: string, request: Request): FakeRoute | null {
    const oauth = this.oauthRoute(method, path, request);
    if (oauth !== null) return oauth;
    // "Sending Batch Requests": multipart/mixed of `application/http` parts, answered in order with
    // `Content-ID: <response-…>` parts; each call counts against the account's rate limit on its own.
    if (path === "/batch/calendar/v3" && method === "POST")
      return { name: "batch", target: "batch", run: () => this.serveBatch(request, this.batchFormat) };
    if (!path.startsWith("/calendar/v3/")) return null;
    const parts = path.slice("/calendar/v3/".length).split("/").map(decodeURIComponent);
    const api = this.apiRoutes(request);
    if (parts[0] === "users" && parts[1] === "me" && parts[2] === "calendarList" && method === "GET") {
      const id = parts[3];
      if (id === undefined) {
        return api("calendarList.list", CALENDAR_LIST_SCOPES, (caller) =>
          this.calendarList(caller, new URL(request.url).searchParams),
        );
      }
      return api("calendarList.get", CALENDAR_LIST_SCOPES, (caller) => this.calendarListGet(caller, id));
    }
    if (parts[0] !== "calendars" || parts[1] === undefined || parts[2] !== "events") return null;
    const calendarId = parts[1];
    const eventId = parts[3];
    if (eventId === undefined) {
      if (method === "POST") {
        return api("events.insert", EVENT_WRITE_SCOPES, (caller) => this.insert(caller, calendarId, request));
      }
      if (method === "GET") {
        return api("events.list", EVENT_READ_SCOPES, (caller) =>
          this.list(caller, calendarId, new URL(request.url).searchParams),
        );
      }
      return null;
    }
    if (parts[4] === "instances" && method === "GET") {
      return api("events.instances", EVENT_READ_SCOPES, (caller) =>
        this.instances(caller, calendarId, eventId, new URL(request.url).searchParams),
      );
    }
    if (parts.length > 4) return null;
    switch (method) {
      case "GET":
        return api("events.get", EVENT_READ_SCOPES, (caller) => this.get(caller, calendarId, eventId));
      case "PATCH":
      case "PUT":
        return api(method === "PATCH" ? "events.patch" : "events.update", EVENT_WRITE_SCOPES, (caller) =>
          this.patch(caller, calendarId, eventId, request, method === "PUT"),
        );
      case "DELETE":
        return api("events.delete", EVENT_WRITE_SCOPES, (caller) => this.delete(caller, calendarId, eventId));
      default:
        return null;
    }
  }

  /**
   * The instances of a series as `events.instances` shows them (cancelled ones included, with their
   * status), for a test or a demo page to look at. Empty when the event is not a series.
   */
  instancesOf(email: string, calendarId: string, eventId: string): Record<string, unknown>[] {
    const account = this.account(email);
    const calendar = account === undefined ? undefined : this.resolveCalendar(account, calendarId);
    const master = calendar?.events.get(eventId);
    if (calendar === undefined || master === undefined) return [];
    return seriesInstances(calendar, master, Number.POSITIVE_INFINITY, 500).map((instance) =>
      instanceResource(this.series, calendar, master, instance),
    );
  }

  protected override seriesInstances(calendar: FakeCalendarState): FakeSeriesInstance[] {
    const found: FakeSeriesInstance[] = [];
    for (const master of calendar.events.values()) {
      if (!isSeries(master) || master.status === "cancelled") continue;
      for (const instance of seriesInstances(calendar, master, Number.POSITIVE_INFINITY, 200)) {
        const item = instanceResource(this.series, calendar, master, instance);
        const time = (field: unknown): string => {
          const record = (field ?? {}) as Record<string, unknown>;
          return new Date(String(record.dateTime ?? record.date)).toISOString();
        };
        found.push({
          seriesId: master.id,
          id: instance.id,
          start: time(item.start),
          end: time(item.end),
          changed: calendar.events.has(instance.id) && item.status !== "cancelled",
          cancelled: item.status === "cancelled",
        });
      }
    }
    return found;
  }

  /** Ids of events written with attendees and `sendUpdates=all` / `externalOnly`: whom Google would have mailed. */
  invitations(): readonly string[] {
    return [...this.invited];
  }

  private noteInvitations(request: Request, id: string, resource: Record<string, unknown>): void {
    const notify = new URL(request.url).searchParams.get("sendUpdates");
    const attendees = Array.isArray(resource.attendees) ? resource.attendees.length : 0;
    if ((notify === "all" || notify === "externalOnly") && attendees > 0) this.invited.push(id);
  }

  // ---------------------------------------------------------------- calendar list

  private calendarEntry(calendar: FakeCalendarState): Record<string, unknown> {
    const entry: Record<string, unknown> = {
      kind: "calendar#calendarListEntry",
      etag: `"${calendar.id.length}${calendar.name.length}"`,
      id: calendar.id,
      summary: calendar.name,
      timeZone: calendar.timeZone,
      colorId: "1",
      backgroundColor: calendar.color ?? "#9fe1e7",
      foregroundColor: "#000000",
      selected: true,
      accessRole: calendar.accessRole,
      defaultReminders: [],
    };
    if (calendar.primary) entry.primary = true;
    return entry;
  }

  private calendarList({ account }: FakeCaller, query: URLSearchParams): Response {
    const all = account.calendars.filter((calendar) => !calendar.deleted);
    const max = Math.min(Math.max(Number(query.get("maxResults") ?? "100") || 100, 1), 250);
    const offset = Number((query.get("pageToken") ?? "p0").slice(1)) || 0;
    const page = all.slice(offset, offset + max);
    const body: Record<string, unknown> = {
      kind: "calendar#calendarList",
      etag: `"${all.length}"`,
      items: page.map((calendar) => this.calendarEntry(calendar)),
    };
    if (offset + max < all.length) body.nextPageToken = `p${offset + max}`;
    return json(body);
  }

  private calendarListGet({ account }: FakeCaller, calendarId: string): Response {
    const calendar = this.resolveCalendar(account, calendarId);
    return calendar === undefined
      ? this.apiError("not_found", "Not Found")
      : json(this.calendarEntry(calendar));
  }

  private resolveCalendar(account: FakeAccountState, calendarId: string): FakeCalendarState | undefined {
    if (calendarId === "primary")
      return account.calendars.find((calendar) => calendar.primary && !calendar.deleted);
    return this.findCalendar(account, calendarId);
  }

  // ---------------------------------------------------------------- events

  private eventResource(calendar: FakeCalendarState, event: FakeEventState): Record<string, unknown> {
    return {
      kind: "calendar#event",
      reminders: { useDefault: true },
      eventType: "default",
      sequence: 0,
      ...event.resource,
      etag: event.etag,
      id: event.id,
      status: event.status,
      htmlLink: `${this.baseURL}/calendar/event?eid=${event.id}`,
      created: event.created,
      updated: event.updated,
      creator: { email: calendar.primary ? calendar.id : "", self: true },
      organizer: { email: calendar.id, displayName: calendar.name, self: true },
      iCalUID: `${event.id}@google.com`,
    };
  }

  private nextEtag(): string {
    this.etagCounter++;
    return `"${this.now()}${String(this.etagCounter).padStart(3, "0")}"`;
  }

  private writableCalendar(caller: FakeCaller, calendarId: string): FakeCalendarState | Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    if (calendar === undefined) return this.apiError("not_found", "Not Found");
    if (calendar.accessRole !== "owner" && calendar.accessRole !== "writer") {
      return this.apiError("forbidden", "You need to have writer access to this calendar.");
    }
    return calendar;
  }

  private async insert(caller: FakeCaller, calendarId: string, request: Request): Promise<Response> {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Parse Error");
    const invalid = validateTimes(body, true);
    if (invalid !== null) return this.apiError("invalid", invalid);
    let id: string;
    if (body.id !== undefined) {
      if (typeof body.id !== "string" || !EVENT_ID.test(body.id))
        return this.apiError("invalid", "Invalid resource id value.");
      id = body.id;
      if (calendar.events.has(id))
        return this.apiError("conflict", "The requested identifier already exists.");
    } else {
      id = this.randomHex(13);
    }
    const now = this.isoNow();
    const event: FakeEventState = {
      id,
      calendarId: calendar.id,
      status: body.status === "cancelled" ? "cancelled" : "confirmed",
      etag: this.nextEtag(),
      created: now,
      updated: now,
      transactionId: null,
      resource: writableFields(READ_ONLY_FIELDS, body),
    };
    const series = validateSeries(calendar, event);
    if (series !== null) return this.apiError("invalid", series);
    calendar.events.set(id, event);
    this.noteInvitations(request, id, event.resource);
    return json(this.eventResource(calendar, event));
  }

  private get(caller: FakeCaller, calendarId: string, eventId: string): Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    if (calendar === undefined) return this.apiError("not_found", "Not Found");
    const instance = calendar.events.has(eventId) ? null : findInstance(calendar, eventId);
    if (instance !== null)
      return json(instanceResource(this.series, calendar, instance.master, instance.instance));
    const event = calendar.events.get(eventId);
    if (event === undefined) return this.apiError("not_found", "Not Found");
    // Google keeps deleted events readable with status "cancelled".
    return json(this.eventResource(calendar, event));
  }

  private instances(
    caller: FakeCaller,
    calendarId: string,
    eventId: string,
    query: URLSearchParams,
  ): Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    const master = calendar?.events.get(eventId);
    if (calendar === undefined || master === undefined) return this.apiError("not_found", "Not Found");
    const answer = listInstances(this.series, calendar, master, query);
    return answer.status === 400 ? this.apiError("invalid", "Invalid recurrence rule.") : answer;
  }

  private list(caller: FakeCaller, calendarId: string, query: URLSearchParams): Response {
    const calendar = this.resolveCalendar(caller.account, calendarId);
    if (calendar === undefined) return this.apiError("not_found", "Not Found");
    const showDeleted = query.get("showDeleted") === "true";
    const items =
      query.get("singleEvents") === "true"
        ? listSingleEvents(this.series, calendar, query)
        : [...calendar.events.values()]
            .filter((event) => showDeleted || event.status !== "cancelled")
            .map((event) => this.eventResource(calendar, event));
    return json({ kind: "calendar#events", summary: calendar.name, timeZone: calendar.timeZone, items });
  }

  private async patch(
    caller: FakeCaller,
    calendarId: string,
    eventId: string,
    request: Request,
    replace: boolean,
  ): Promise<Response> {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const event = calendar.events.get(eventId);
    if (event === undefined || typeof event.resource.recurringEventId === "string") {
      const found = findInstance(calendar, eventId);
      if (found === null) return this.apiError("not_found", "Not Found");
      const body = await readJsonObject(request);
      if (body === null) return this.apiError("invalid", "Parse Error");
      return writeInstance(this.series, calendar, found, {
        fields: writableFields(READ_ONLY_FIELDS, body),
        cancel: false,
      });
    }
    const ifMatch = request.headers.get("if-match");
    if (ifMatch !== null && ifMatch !== "*" && ifMatch !== event.etag) {
      return this.apiError("precondition_failed", "Precondition Failed");
    }
    const body = await readJsonObject(request);
    if (body === null) return this.apiError("invalid", "Parse Error");
    const next = replace
      ? writableFields(READ_ONLY_FIELDS, body)
      : { ...event.resource, ...writableFields(READ_ONLY_FIELDS, body) };
    const invalid = validateTimes(next, false) ?? validateSeries(calendar, { ...event, resource: next });
    if (invalid !== null) return this.apiError("invalid", invalid);
    event.resource = next;
    this.noteInvitations(request, eventId, next);
    if (body.status === "cancelled" || body.status === "confirmed") event.status = body.status;
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return json(this.eventResource(calendar, event));
  }

  private delete(caller: FakeCaller, calendarId: string, eventId: string): Response {
    const calendar = this.writableCalendar(caller, calendarId);
    if (calendar instanceof Response) return calendar;
    const event = calendar.events.get(eventId);
    if (event === undefined || typeof event.resource.recurringEventId === "string") {
      const found = findInstance(calendar, eventId);
      if (found === null) return this.apiError("not_found", "Not Found");
      const answer = writeInstance(this.series, calendar, found, { fields: {}, cancel: true });
      return answer.status === 410 ? this.apiError("gone", "Resource has been deleted") : answer;
    }
    if (event.status === "cancelled") return this.apiError("gone", "Resource has been deleted");
    // Deleting a series cancels every instance, its changed ones too.
    for (const exception of calendar.events.values()) {
      if (exception.resource.recurringEventId !== eventId) continue;
      exception.status = "cancelled";
      exception.etag = this.nextEtag();
    }
    event.status = "cancelled";
    event.etag = this.nextEtag();
    event.updated = this.isoNow();
    return new Response(null, { status: 204 });
  }
}

/** A fake Google (see `FakeGoogle`). */
export function createFakeGoogle(options: FakeGoogleOptions = {}): FakeGoogle {
  return new FakeGoogle(options);
}

/** Checks `start` and `end` the way Calendar v3 does; returns the error message or null. */
function validateTimes(body: Record<string, unknown>, required: boolean): string | null {
  const start = asRecord(body.start);
  const end = asRecord(body.end);
  if (start === null && (required || body.start !== undefined)) return "Missing start time.";
  if (end === null && (required || body.end !== undefined)) return "Missing end time.";
  if (start === null || end === null) return null;
  const startValue = start.dateTime ?? start.date;
  const endValue = end.dateTime ?? end.date;
  if (typeof startValue !== "string" || Number.isNaN(Date.parse(startValue))) return "Invalid start time.";
  if (typeof endValue !== "string" || Number.isNaN(Date.parse(endValue))) return "Invalid end time.";
  if (Date.parse(endValue) < Date.parse(startValue)) return "The specified time range is empty.";
  return null;
}
