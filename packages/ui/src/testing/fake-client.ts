import {
  type Calendar,
  type Connection,
  type CreateConnectionBody,
  ERROR_CODES,
  type ErrorCode,
  type Provider,
} from "@org/calendar-connections-core";
import { type CalendarConnectionsClient, CalendarConnectionsError } from "../data/client.ts";
import { FIXTURE_CALENDARS, fixtureConnection, fixtureProviders } from "./fixtures.ts";

type Method = Exclude<keyof CalendarConnectionsClient, "basePath">;

export interface FakeClientOptions {
  providers?: Provider[];
  connections?: Connection[];
  /** Calendars by connection id; connections without an entry get the fixture calendars. */
  calendars?: Record<string, Calendar[]>;
  /** Milliseconds every call waits before answering. */
  delay?: number;
  /** Methods that answer with this error code instead. */
  failures?: Partial<Record<Method, ErrorCode | "network_error">>;
  /** Methods that never answer (loading and pending states). */
  hang?: readonly Method[];
}

/** An in-memory client with the server's behaviour, for tests and stories: never touches the network. */
export interface FakeClient extends CalendarConnectionsClient {
  readonly calls: Array<{ method: Method; args: unknown[] }>;
  connections: Connection[];
  failures: Partial<Record<Method, ErrorCode | "network_error">>;
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
      setTimeout(() => {
        const failure = fake.failures[method];
        if (failure === "network_error") {
          reject(new CalendarConnectionsError("network_error", 0, "Failed to fetch"));
        } else if (failure) {
          reject(
            new CalendarConnectionsError(failure, ERROR_CODES[failure].status, ERROR_CODES[failure].title),
          );
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
    listProviders: () => answer("listProviders", [], () => ({ providers })),
    // Like the server: the list holds live connections only; a disconnected one is gone from it.
    listConnections: () =>
      answer("listConnections", [], () => ({
        connections: fake.connections.filter((item) => item.status !== "disconnected"),
      })),
    getConnection: (id) => answer("getConnection", [id], () => find(id)),
    startOAuth: (provider, returnTo) =>
      answer("startOAuth", [provider, returnTo], () => ({
        authorizationURL: `https://accounts.example.test/authorize?provider=${provider}`,
      })),
    listCalendars: (id) =>
      answer("listCalendars", [id], () => ({ calendars: calendars[id] ?? FIXTURE_CALENDARS })),
    selectCalendar: (id, calendarId) =>
      answer("selectCalendar", [id, calendarId], () => {
        const calendar = (calendars[id] ?? FIXTURE_CALENDARS).find((item) => item.id === calendarId);
        if (!calendar?.canWrite)
          throw new CalendarConnectionsError("calendar_not_writable", 422, "Read-only");
        return update(id, { calendarId, calendarName: calendar.name });
      }),
    refresh: (id) => answer("refresh", [id], () => update(id, { status: "active", health: null })),
    disconnect: (id) =>
      answer("disconnect", [id], () => update(id, { status: "disconnected", health: null })),
    createConnection: (body: CreateConnectionBody) =>
      answer("createConnection", [body], () => {
        sequence += 1;
        const connection = fixtureConnection({
          id: `conn_created_${sequence}`,
          provider: body.provider,
          accountEmail: null,
          calendarId: body.provider === "ics" ? null : body.calendarId,
          calendarName: body.provider === "ics" ? null : body.calendarId,
          lastSyncedAt: null,
        });
        fake.connections = [...fake.connections, connection];
        return body.provider === "ics"
          ? {
              connection,
              feedUrl: `https://app.example.test/api/calendar-connections/feeds/secret${sequence}.ics`,
            }
          : { connection };
      }),
  };
  return fake;
}
