import {
  type AuditEntry,
  type Calendar,
  type Connection,
  type CreateConnectionBody,
  ERROR_CODES,
  type ErrorCode,
  type FieldIssue,
  type Problem,
  type Provider,
  problemTypeForCode,
} from "@org/calendar-connections-core";
import { type CalendarConnectionsClient, CalendarConnectionsError } from "../data/client.ts";
import { activityPage, type FakeActivity, requeueActivity, retryActivityEvent } from "./fake-activity.ts";
import { FIXED_NOW, FIXTURE_CALENDARS, fixtureConnection, fixtureProviders } from "./fixtures.ts";

type Method = Exclude<keyof CalendarConnectionsClient, "basePath">;

/** How a fake call fails: an error code, a network failure, or a complete problem. */
export type Failure = ErrorCode | "network_error" | Problem;

/** The error the real client throws for a problem. */
function problemError(code: ErrorCode, errors?: FieldIssue[]): CalendarConnectionsError {
  const { status, title } = ERROR_CODES[code];
  const problem: Problem = { type: problemTypeForCode(code), title, status, code, ...(errors && { errors }) };
  return new CalendarConnectionsError(code, status, title, problem);
}

/** What a fake client starts with, and which calls it delays, fails or never answers. */
export interface FakeClientOptions {
  providers?: Provider[];
  connections?: Connection[];
  /** Calendars by connection id; connections without an entry get the fixture calendars. */
  calendars?: Record<string, Calendar[]>;
  /** Milliseconds every call waits before answering. */
  delay?: number;
  /** Methods that answer with this error code (or this whole problem, e.g. `validation_failed` with `errors`). */
  failures?: Partial<Record<Method, Failure>>;
  /** Methods that answer this many calls, then fail with a network error (a refetch that fails). */
  failAfter?: Partial<Record<Method, number>>;
  /** Methods that never answer (loading and pending states). */
  hang?: readonly Method[];
  /** Failed events (dead letters) by connection id, for `requeueDeadLetters`; none by default. */
  deadLetters?: Record<string, number>;
  /** Sync activity by connection id (counts and failing events); none by default. */
  activity?: Record<string, FakeActivity>;
  /** Audit entries by connection id, newest first; none by default. */
  audit?: Record<string, AuditEntry[]>;
}

/** An in-memory client with the server's behaviour, for tests and stories: never touches the network. */
export interface FakeClient extends CalendarConnectionsClient {
  readonly calls: Array<{ method: Method; args: unknown[] }>;
  connections: Connection[];
  failures: Partial<Record<Method, Failure>>;
  /** Failed events by connection id; a requeue answers the count and empties it. */
  deadLetters: Record<string, number>;
  /** Sync activity by connection id; a retry or requeue changes it like the server does. */
  activity: Record<string, FakeActivity>;
}

/** Creates a fake client seeded with fixtures. */
export function createFakeClient(options: FakeClientOptions = {}): FakeClient {
  const providers = options.providers ?? fixtureProviders();
  const calendars = options.calendars ?? {};
  const hang = new Set(options.hang ?? []);
  let sequence = 0;

  function answer<T>(method: Method, args: unknown[], run: () => T): Promise<T> {
    fake.calls.push({ method, args });
    if (hang.has(method)) return new Promise<T>(() => {});
    return new Promise<T>((resolve, reject) => {
      const calls = fake.calls.filter((call) => call.method === method).length;
      const limit = options.failAfter?.[method];
      setTimeout(() => {
        const failure = limit !== undefined && calls > limit ? "network_error" : fake.failures[method];
        if (failure === "network_error") {
          reject(new CalendarConnectionsError("network_error", 0, "Failed to fetch"));
        } else if (typeof failure === "string") {
          reject(problemError(failure));
        } else if (failure) {
          const { code, status, detail, title } = failure;
          reject(new CalendarConnectionsError(code, status, detail ?? title, failure));
        } else {
          try {
            resolve(structuredClone(run()));
          } catch (error) {
            reject(error);
          }
        }
      }, options.delay ?? 0);
    });
  }

  function find(id: string): Connection {
    const connection = fake.connections.find((item) => item.id === id);
    if (!connection) throw new CalendarConnectionsError("connection_not_found", 404, "Not found");
    return connection;
  }

  function update(id: string, change: Partial<Connection>): Connection {
    const next = { ...find(id), ...change };
    fake.connections = fake.connections.map((item) => (item.id === id ? next : item));
    return next;
  }

  const fake: FakeClient = {
    basePath: "/fake",
    calls: [],
    connections: options.connections ?? [],
    failures: { ...options.failures },
    deadLetters: { ...options.deadLetters },
    activity: structuredClone(options.activity ?? {}),
    listProviders: (locale) => answer("listProviders", [locale], () => ({ providers })),
    // Like the server: live connections only, unless asked for the disconnected ones too (after them).
    listConnections: (options) =>
      answer("listConnections", options ? [options] : [], () => ({
        connections: [
          ...fake.connections.filter((item) => item.status !== "disconnected"),
          ...(options?.includeDisconnected
            ? fake.connections.filter((item) => item.status === "disconnected")
            : []),
        ],
      })),
    listAudit: (id) => answer("listAudit", [id], () => ({ entries: options.audit?.[id] ?? [] })),
    getConnection: (id) => answer("getConnection", [id], () => find(id)),
    startOAuth: (provider, returnTo) =>
      answer("startOAuth", [provider, returnTo], () => ({
        authorizationURL: `https://accounts.example.test/authorize?provider=${provider}`,
      })),
    listCalendars: (id) =>
      answer("listCalendars", [id], () => ({ calendars: calendars[id] ?? FIXTURE_CALENDARS })),
    selectCalendar: (id, calendarId, existingEvents) =>
      answer("selectCalendar", existingEvents ? [id, calendarId, existingEvents] : [id, calendarId], () => {
        const calendar = (calendars[id] ?? FIXTURE_CALENDARS).find((item) => item.id === calendarId);
        if (!calendar?.canWrite)
          throw new CalendarConnectionsError("calendar_not_writable", 422, "Read-only");
        // Like the server: a move marks every synced event, and the worker (not here) moves them.
        const activity = fake.activity[id];
        if (existingEvents === "move" && activity) activity.moving = activity.synced;
        return update(id, { calendarId, calendarName: calendar.name });
      }),
    refresh: (id) => answer("refresh", [id], () => update(id, { status: "active", health: null })),
    // With removeEvents the server accepts (202): the connection stays live until its events are removed.
    disconnect: (id, options) =>
      answer("disconnect", options?.removeEvents ? [id, options] : [id], () =>
        options?.removeEvents
          ? update(id, { disconnectRequestedAt: FIXED_NOW.toISOString() })
          : update(id, { status: "disconnected", health: null, disconnectedAt: FIXED_NOW.toISOString() }),
      ),
    regenerateFeed: (id) =>
      answer("regenerateFeed", [id], () => ({
        connection: find(id),
        feedUrl: `https://app.example.test/api/calendar-connections/feeds/${id}-${fake.calls.length}.ics`,
      })),
    // Like the server: a disconnected connection refuses, a live one answers how many it requeued.
    requeueDeadLetters: (id) =>
      answer("requeueDeadLetters", [id], () => {
        if (find(id).status === "disconnected") throw problemError("connection_disconnected");
        const fromActivity = requeueActivity(fake.activity[id], FIXED_NOW);
        if (fromActivity.activity) fake.activity[id] = fromActivity.activity;
        const requeued = (fake.deadLetters[id] ?? 0) + fromActivity.requeued;
        fake.deadLetters = { ...fake.deadLetters, [id]: 0 };
        return { requeued };
      }),
    getActivity: (id, page) =>
      answer("getActivity", [id, page], () => {
        find(id);
        return activityPage(fake.activity[id], page);
      }),
    retryEvent: (id, eventId) =>
      answer("retryEvent", [id, eventId], () => {
        const retried = retryActivityEvent(fake.activity[id], eventId, FIXED_NOW);
        if (retried.activity) fake.activity[id] = retried.activity;
        return retried.answer;
      }),
    // Like the server: `form` input is checked against the provider's fields, a form for a provider the
    // organization already holds reconnects that connection, and a read-only `instant` provider (a feed) answers
    // its URL once.
    createConnection: (body: CreateConnectionBody) =>
      answer("createConnection", [body], () => {
        const provider = providers.find((item) => item.id === body.provider);
        if (!provider || provider.connect.kind === "oauth") throw problemError("provider_unknown");
        const input = body.input ?? {};
        if (provider.connect.kind === "form") {
          const missing = provider.connect.fields.filter((field) => field.required && !input[field.name]);
          if (missing.length > 0)
            throw problemError(
              "validation_failed",
              missing.map((field) => ({ path: `input.${field.name}`, message: "Required" })),
            );
        }
        const existing = fake.connections.find(
          (item) => item.provider === provider.id && item.status !== "disconnected",
        );
        if (existing && provider.connect.kind === "form")
          return { connection: update(existing.id, { status: "active", health: null }) };
        if (existing && !provider.capabilities.multiplePerOrganization)
          throw problemError("connection_exists");
        sequence += 1;
        const calendar = input.calendarId ?? null;
        const connection = fixtureConnection({
          id: `conn_created_${sequence}`,
          provider: provider.id,
          accountEmail: input.username ?? null,
          calendarId: calendar,
          calendarName: calendar,
          scopes: [],
          lastSyncedAt: null,
        });
        fake.connections = [...fake.connections, connection];
        // A read-only instant provider stands for a feed: its URL is answered this once.
        return provider.connect.kind === "instant" && !provider.capabilities.writesEvents
          ? {
              connection,
              feedUrl: `https://app.example.test/api/calendar-connections/feeds/secret${sequence}.ics`,
            }
          : { connection };
      }),
  };
  return fake;
}
