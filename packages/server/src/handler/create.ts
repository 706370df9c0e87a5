import { ApiError } from "../http/api-error.ts";
import { assertSameSite } from "../http/origin.ts";
import { requestTarget } from "../http/request-target.ts";
import { problemResponse } from "../http/respond.ts";
import { type HttpMethod, matchRoute } from "../http/router.ts";
import type { CalendarProvider } from "../providers/define.ts";
import { StorageConflictError } from "../storage/errors.ts";
import type { CalendarSync } from "../sync/types.ts";
import { type ActivityPage, getActivity, retryEvent } from "./activity-op.ts";
import * as connections from "./connections-op.ts";
import { createConnection } from "./create-connection-op.ts";
import { fakeFor } from "./development.ts";
import { type DisconnectOptions, disconnect } from "./disconnect-op.ts";
import { createKit, type Kit } from "./kit.ts";
import { consoleLogger, describeError, redactingLogger } from "./logger.ts";
import { handleCallback, startAuthorization } from "./oauth-op.ts";
import type { Actor, CalendarConnectionsOptions } from "./options.ts";
import { listProviders } from "./providers-op.ts";
import { CORE_ROUTES, providerRoutes, type RouteContext } from "./routes.ts";

/**
 * The operations of the HTTP API as plain functions, for server-side callers (tRPC procedures, jobs).
 * `Id` is the union of the host's provider ids.
 */
export interface CalendarConnectionsApi<Id extends string = string> {
  /** The providers in the host's order; `locale` picks their texts (default English). */
  listProviders(actor: Actor, locale?: string): ReturnType<typeof listProviders>;
  /** The live connections, and with `includeDisconnected` the 20 most recently disconnected after them. */
  listConnections(
    actor: Actor,
    options?: Parameters<typeof connections.listConnections>[2],
  ): ReturnType<typeof connections.listConnections>;
  /** One connection of the actor's organization (as `GET /connections/:id`). */
  getConnection(actor: Actor, id: string): ReturnType<typeof connections.getConnection>;
  /** The calendars the connection's account can see, writable ones selectable (as `GET /connections/:id/calendars`). */
  listCalendars(actor: Actor, id: string): ReturnType<typeof connections.listCalendars>;
  /** Chooses the calendar to sync into; `existingEvents` says what becomes of those synced so far (as `PATCH /connections/:id`). */
  selectCalendar(
    actor: Actor,
    id: string,
    body: Parameters<typeof connections.selectCalendar>[3],
  ): ReturnType<typeof connections.selectCalendar>;
  /** Checks the grant and the calendar again now and records the health found (as `POST /connections/:id/refresh`). */
  refreshConnection(actor: Actor, id: string): ReturnType<typeof connections.refreshConnection>;
  /** Disconnects now, or with `removeEvents` after the worker removed its events (see `DELETE /connections/:id`). */
  disconnect(actor: Actor, id: string, options?: DisconnectOptions): ReturnType<typeof disconnect>;
  /** Connects a form or instant provider (as `POST /connections`); OAuth providers go through `startAuthorization`. */
  createConnection(
    actor: Actor,
    body: Parameters<typeof createConnection>[2] & { readonly provider: Id },
  ): ReturnType<typeof createConnection>;
  /** The connection's audit log, newest first (as `GET /connections/:id/audit`). */
  listAudit(actor: Actor, id: string): ReturnType<typeof connections.listAudit>;
  /** The connection's sync jobs that ran out of attempts (as `GET /connections/:id/dead-letters`). */
  listDeadLetters(actor: Actor, id: string): ReturnType<typeof connections.listDeadLetters>;
  /** Requeues the connection's dead letters (as `POST /connections/:id/dead-letters/requeue`). */
  requeueDeadLetters(actor: Actor, id: string): ReturnType<typeof connections.requeueDeadLetters>;
  /** The connection's sync counts and failing events (as `GET /connections/:id/activity`). */
  getActivity(actor: Actor, id: string, page?: ActivityPage): ReturnType<typeof getActivity>;
  /** Tries one event of the connection again now (as `POST /connections/:id/events/:eventId/retry`). */
  retryEvent(actor: Actor, id: string, eventId: string): ReturnType<typeof retryEvent>;
  /** Starts an OAuth connect or reconnect: the consent URL and the binding cookie to set (as `POST /oauth/:provider/start`). */
  startAuthorization(
    actor: Actor,
    provider: Id,
    body: Parameters<typeof startAuthorization>[3],
  ): ReturnType<typeof startAuthorization>;
  /** Finishes the OAuth round trip for the provider's callback request and redirects to `returnTo`. */
  handleCallback(request: Request, provider: Id): Promise<Response>;
}

/** A route the handler answers, relative to `basePath`, with `:name` parameters (e.g. `/feeds/:file`). */
export interface CalendarConnectionsRoute {
  readonly method: HttpMethod;
  readonly pattern: string;
}

/** What `createCalendarConnections` returns. */
export interface CalendarConnections<Id extends string = string> {
  /** The Web-standard handler to mount under `basePath`. Answers every request; never throws. */
  handler: (request: Request) => Promise<Response>;
  /**
   * Every route `handler` answers (the kit's, then the providers'), for a framework router that
   * registers routes one by one, generated docs, or a test that walks all of them.
   */
  routes: readonly CalendarConnectionsRoute[];
  api: CalendarConnectionsApi<Id>;
  /** Enqueue event changes, run batches, or start a long-running worker. */
  sync: CalendarSync;
}

/** A route's context; the URL and the query are parsed only if the route reads them. */
class LazyRouteContext implements RouteContext {
  #url: URL | undefined;
  #query: URLSearchParams | undefined;

  constructor(
    readonly kit: Kit,
    readonly request: Request,
    private readonly search: string,
  ) {}

  get url(): URL {
    this.#url ??= new URL(this.request.url);
    return this.#url;
  }

  get query(): URLSearchParams {
    this.#query ??= new URLSearchParams(this.search);
    return this.#query;
  }
}

/**
 * Creates the kit's HTTP handler and API over the host's storage, keys, providers and session. The
 * providers' ids stay literal types: a misspelt id in `api.startAuthorization(actor, id, …)` does not compile.
 */
export function createCalendarConnections<const Providers extends readonly CalendarProvider[]>(
  options: CalendarConnectionsOptions<Providers>,
): CalendarConnections<Providers[number]["id"]> {
  // Every log call of the kit (handler, OAuth, sync) goes through one redacting logger.
  const logger = redactingLogger(options.logger ?? consoleLogger, [options.cronSecret]);
  const kit = createKit({ ...options, logger });
  const routes = [...CORE_ROUTES, ...providerRoutes(kit)];

  async function handler(request: Request): Promise<Response> {
    const { pathname, search } = requestTarget(request.url);
    // What errors name is the route's pattern, never the path: a path can be a credential
    // (`/feeds/<token>.ics`). For the same reason problems carry no `instance`.
    let pattern: string | null = null;
    try {
      if (pathname !== kit.basePath && !pathname.startsWith(`${kit.basePath}/`)) {
        throw new ApiError("not_found");
      }
      // A development fake is its own little provider: no session, its own consent form posts.
      const fake = fakeFor(kit.fakes, pathname);
      if (fake !== null) return await fake(request);
      const { route, params } = matchRoute(
        routes,
        request.method,
        pathname.slice(kit.basePath.length) || "/",
      );
      pattern = route.pattern;
      assertSameSite(request, kit.publicOrigin);
      return await route.handle(new LazyRouteContext(kit, request, search), params);
    } catch (error) {
      if (error instanceof ApiError) return problemResponse(error);
      if (error instanceof StorageConflictError) return problemResponse(new ApiError("connection_exists"));
      kit.logger.error("unhandled error", {
        method: request.method,
        route: pattern,
        reason: describeError(error),
      });
      return problemResponse(new ApiError("internal_error"));
    }
  }

  const api: CalendarConnectionsApi<Providers[number]["id"]> = {
    listProviders: (actor, locale) => listProviders(kit, actor, locale ?? null),
    listConnections: (actor, options) => connections.listConnections(kit, actor, options),
    getConnection: (actor, id) => connections.getConnection(kit, actor, id),
    listCalendars: (actor, id) => connections.listCalendars(kit, actor, id),
    selectCalendar: (actor, id, body) => connections.selectCalendar(kit, actor, id, body),
    refreshConnection: (actor, id) => connections.refreshConnection(kit, actor, id),
    disconnect: (actor, id, options) => disconnect(kit, actor, id, options),
    createConnection: (actor, body) => createConnection(kit, actor, body),
    listAudit: (actor, id) => connections.listAudit(kit, actor, id),
    listDeadLetters: (actor, id) => connections.listDeadLetters(kit, actor, id),
    requeueDeadLetters: (actor, id) => connections.requeueDeadLetters(kit, actor, id),
    getActivity: (actor, id, page) => getActivity(kit, actor, id, page),
    retryEvent: (actor, id, eventId) => retryEvent(kit, actor, id, eventId),
    startAuthorization: (actor, provider, body) => startAuthorization(kit, actor, provider, body),
    handleCallback: (request, provider) => handleCallback(kit, request, provider),
  };

  return {
    handler,
    routes: routes.map(({ method, pattern }) => ({ method, pattern })),
    api,
    sync: kit.sync,
  };
}
