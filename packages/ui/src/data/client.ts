import type {
  AuditList,
  CalendarList,
  Connection,
  ConnectionList,
  CreateConnectionBody,
  CreateConnectionResponse,
  ErrorCode,
  Problem,
  ProviderId,
  ProviderList,
  RequeueDeadLettersResponse,
  RetryEventResponse,
  StartOAuthResponse,
  SyncActivity,
} from "@org/calendar-connections-core";
import {
  ConnectionCheck,
  ConnectionListCheck,
  PROBLEM_CONTENT_TYPE,
  ProblemCheck,
  ProviderListCheck,
  SyncActivityCheck,
} from "@org/calendar-connections-core/light";

/** The part of a core schema (or of core's zod-free checks) the client uses. */
interface Schema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

type AnswerSchemas = typeof import("./answer-schemas.ts");

/**
 * One of the zod schemas the page needs only after an admin acts, loaded with the first request that uses it
 * (in parallel with that request, so no extra round trip follows the answer).
 */
const later =
  <T>(pick: (schemas: AnswerSchemas) => Schema<T>) =>
  (): Promise<Schema<T>> =>
    import("./answer-schemas.ts").then(pick);

/** The `code` of a failed request: an API error code, or what went wrong before one could be read. */
export type ClientErrorCode = ErrorCode | "network_error" | "invalid_response";

/** Every failure of the client: a problem+json answer, a network failure, or a body that broke the contract. */
export class CalendarConnectionsError extends Error {
  override readonly name = "CalendarConnectionsError";
  readonly code: ClientErrorCode;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly problem: Problem | null;

  constructor(code: ClientErrorCode, status: number, message: string, problem: Problem | null = null) {
    super(message);
    this.code = code;
    this.status = status;
    this.problem = problem;
  }
}

/** Options of `createCalendarConnectionsClient`. */
export interface CalendarConnectionsClientOptions {
  /** Where the host mounted the handler, e.g. "/api/calendar-connections". */
  basePath: string;
  /** Defaults to the global fetch; tests and stories pass their own. */
  fetch?: typeof fetch;
}

/** The typed HTTP API of the kit, every response validated with the core schemas. */
export interface CalendarConnectionsClient {
  readonly basePath: string;
  /**
   * `GET /providers?locale=…`: the providers in page order, their names, descriptions and form labels in `locale`
   * (a BCP 47 tag such as "de") as far as the server has them.
   */
  listProviders(locale?: string): Promise<ProviderList>;
  /**
   * `GET /connections`: the live connections; with `includeDisconnected` (`?include=disconnected`) also the
   * organization's most recently disconnected ones, after them.
   */
  listConnections(options?: { includeDisconnected?: boolean }): Promise<ConnectionList>;
  /** `GET /connections/:id`: one connection of the organization. */
  getConnection(id: string): Promise<Connection>;
  /** `POST /oauth/:provider/start`; `connectionId` when reconnecting it, so consent preselects its account. */
  startOAuth(provider: ProviderId, returnTo?: string, connectionId?: string): Promise<StartOAuthResponse>;
  /** `GET /connections/:id/calendars`: the calendars the connected account can see. */
  listCalendars(id: string): Promise<CalendarList>;
  /**
   * `PATCH /connections/:id`; `existingEvents` says what becomes of the events already synced into the old
   * calendar: `move` them into the new one (through the sync queue), or `leave` them (the default).
   */
  selectCalendar(id: string, calendarId: string, existingEvents?: ExistingEvents): Promise<Connection>;
  /** `POST /connections/:id/refresh`: checks the grant and the calendar again now. */
  refresh(id: string): Promise<Connection>;
  /**
   * Resolves with the disconnected connection, or null when the server answers 204. With `removeEvents` the
   * server answers 202 first: the connection stays live (`disconnectRequestedAt` set) until its worker has
   * removed the events it wrote, then disconnects.
   */
  disconnect(id: string, options?: { removeEvents?: boolean }): Promise<Connection | null>;
  /** `POST /connections/:id/feed`: a feed's new secret link; the old one stops working at once. */
  regenerateFeed(id: string): Promise<CreateConnectionResponse>;
  /** `POST /connections?locale=…`: a form provider's verification errors come back in `locale`. */
  createConnection(body: CreateConnectionBody, locale?: string): Promise<CreateConnectionResponse>;
  /** `POST /connections/:id/dead-letters/requeue`: sends the connection's failed events again (admins only). */
  requeueDeadLetters(id: string): Promise<RequeueDeadLettersResponse>;
  /** `GET /connections/:id/activity`: counts, the last error, and one page of failing events. */
  getActivity(id: string, page?: ActivityPage): Promise<SyncActivity>;
  /** `POST /connections/:id/events/:eventId/retry`: makes one failing event due again. */
  retryEvent(id: string, eventId: string): Promise<RetryEventResponse>;
  /** `GET /connections/:id/audit`: who did what to the connection, newest first. */
  listAudit(id: string): Promise<AuditList>;
}

/** What `selectCalendar` does with the events already synced into the previous calendar. */
export type ExistingEvents = "move" | "leave";

/** Which page of failing events `getActivity` reads: `cursor` is the previous page's `nextCursor`. */
export interface ActivityPage {
  limit?: number | undefined;
  cursor?: string | null | undefined;
}

function activityQuery({ limit, cursor }: ActivityPage = {}): string {
  const query = new URLSearchParams();
  if (limit !== undefined) query.set("limit", String(limit));
  if (cursor) query.set("cursor", cursor);
  const text = query.toString();
  return text ? `?${text}` : "";
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return null;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Creates the client. No request leaves until a method is called. */
export function createCalendarConnectionsClient(
  options: CalendarConnectionsClientOptions,
): CalendarConnectionsClient {
  const basePath = options.basePath.replace(/\/+$/, "");

  async function request<T>(
    method: string,
    path: string,
    schema: Schema<T> | (() => Promise<Schema<T>>) | null,
    body?: unknown,
  ): Promise<T> {
    // A schema that fails to load (its chunk did not arrive) is a network failure, reported once the answer is in.
    const loading = typeof schema === "function" ? schema().catch(() => undefined) : schema;
    const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const init: RequestInit = { method, credentials: "same-origin", headers: { accept: "application/json" } };
    if (method !== "GET") {
      init.headers = { accept: "application/json", "content-type": "application/json" };
      init.body = JSON.stringify(body ?? {});
    }
    let response: Response;
    try {
      response = await doFetch(`${basePath}${path}`, init);
    } catch (cause) {
      throw new CalendarConnectionsError(
        "network_error",
        0,
        cause instanceof Error ? cause.message : "Network request failed",
      );
    }
    const payload = await readJson(response);
    if (!response.ok) {
      const problem = ProblemCheck.safeParse(payload);
      if (problem.success) {
        const { code, status, detail, title } = problem.data;
        throw new CalendarConnectionsError(code, status, detail ?? title, problem.data);
      }
      const contentType = response.headers.get("content-type") ?? "";
      throw new CalendarConnectionsError(
        contentType.includes(PROBLEM_CONTENT_TYPE) ? "invalid_response" : "internal_error",
        response.status,
        `${method} ${path} failed with ${response.status}`,
      );
    }
    const check = await loading;
    if (check === null) return payload as T;
    if (check === undefined)
      throw new CalendarConnectionsError(
        "network_error",
        0,
        `${method} ${path}: its answer's schema did not load`,
      );
    const parsed = check.safeParse(payload);
    if (!parsed.success) {
      throw new CalendarConnectionsError(
        "invalid_response",
        response.status,
        `${method} ${path} answered a body that does not match the contract`,
      );
    }
    return parsed.data;
  }

  const connectionPath = (id: string): string => `/connections/${encodeURIComponent(id)}`;

  return {
    basePath,
    listProviders: (locale) =>
      request(
        "GET",
        locale ? `/providers?${new URLSearchParams({ locale })}` : "/providers",
        ProviderListCheck,
      ),
    listConnections: (options) =>
      request(
        "GET",
        options?.includeDisconnected ? "/connections?include=disconnected" : "/connections",
        ConnectionListCheck,
      ),
    getConnection: (id) => request("GET", connectionPath(id), ConnectionCheck),
    startOAuth: (provider, returnTo, connectionId) =>
      request(
        "POST",
        `/oauth/${encodeURIComponent(provider)}/start`,
        later((schemas) => schemas.StartOAuthResponse),
        {
          ...(returnTo === undefined ? {} : { returnTo }),
          ...(connectionId === undefined ? {} : { connectionId }),
        },
      ),
    listCalendars: (id) =>
      request(
        "GET",
        `${connectionPath(id)}/calendars`,
        later((schemas) => schemas.CalendarList),
      ),
    selectCalendar: (id, calendarId, existingEvents) =>
      request("PATCH", connectionPath(id), ConnectionCheck, {
        calendarId,
        ...(existingEvents === undefined ? {} : { existingEvents }),
      }),
    refresh: (id) => request("POST", `${connectionPath(id)}/refresh`, ConnectionCheck),
    disconnect: async (id, options) => {
      const query = options?.removeEvents ? "?removeEvents=true" : "";
      const payload = await request<unknown>("DELETE", `${connectionPath(id)}${query}`, null);
      if (payload === null) return null;
      const direct = ConnectionCheck.safeParse(payload);
      if (direct.success) return direct.data;
      // Some servers wrap the disconnected connection; both shapes are accepted.
      const wrapped =
        typeof payload === "object" && "connection" in payload
          ? ConnectionCheck.safeParse(payload.connection)
          : null;
      if (wrapped?.success) return wrapped.data;
      throw new CalendarConnectionsError("invalid_response", 200, "DELETE answered an unexpected body");
    },
    createConnection: (body, locale) =>
      request(
        "POST",
        locale ? `/connections?${new URLSearchParams({ locale })}` : "/connections",
        later((schemas) => schemas.CreateConnectionResponse),
        body,
      ),
    regenerateFeed: (id) =>
      request(
        "POST",
        `${connectionPath(id)}/feed`,
        later((schemas) => schemas.CreateConnectionResponse),
      ),
    requeueDeadLetters: (id) =>
      request(
        "POST",
        `${connectionPath(id)}/dead-letters/requeue`,
        later((schemas) => schemas.RequeueDeadLettersResponse),
      ),
    getActivity: (id, page) =>
      request("GET", `${connectionPath(id)}/activity${activityQuery(page)}`, SyncActivityCheck),
    listAudit: (id) =>
      request(
        "GET",
        `${connectionPath(id)}/audit`,
        later((schemas) => schemas.AuditList),
      ),
    retryEvent: (id, eventId) =>
      request(
        "POST",
        `${connectionPath(id)}/events/${encodeURIComponent(eventId)}/retry`,
        later((schemas) => schemas.RetryEventResponse),
      ),
  };
}
