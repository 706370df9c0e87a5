import { ApiError } from "../http/api-error.ts";
import { assertSameSite } from "../http/origin.ts";
import { problemResponse } from "../http/respond.ts";
import { matchRoute } from "../http/router.ts";
import { StorageConflictError } from "../storage/errors.ts";
import type { CalendarSync } from "../sync/types.ts";
import * as connections from "./connections-op.ts";
import { createKit } from "./kit.ts";
import { describeError } from "./logger.ts";
import { handleCallback, startAuthorization } from "./oauth-op.ts";
import type { Actor, CalendarConnectionsOptions } from "./options.ts";
import { listProviders } from "./providers-op.ts";
import { ROUTES } from "./routes.ts";

/** The operations of the HTTP API as plain functions, for server-side callers (tRPC procedures, jobs). */
export interface CalendarConnectionsApi {
  listProviders(actor: Actor): ReturnType<typeof listProviders>;
  listConnections(actor: Actor): ReturnType<typeof connections.listConnections>;
  getConnection(actor: Actor, id: string): ReturnType<typeof connections.getConnection>;
  listCalendars(actor: Actor, id: string): ReturnType<typeof connections.listCalendars>;
  selectCalendar(
    actor: Actor,
    id: string,
    body: Parameters<typeof connections.selectCalendar>[3],
  ): ReturnType<typeof connections.selectCalendar>;
  refreshConnection(actor: Actor, id: string): ReturnType<typeof connections.refreshConnection>;
  disconnect(actor: Actor, id: string): ReturnType<typeof connections.disconnect>;
  createConnection(
    actor: Actor,
    body: Parameters<typeof connections.createConnection>[2],
  ): ReturnType<typeof connections.createConnection>;
  rotateFeed(actor: Actor, id: string): ReturnType<typeof connections.rotateFeed>;
  listAudit(actor: Actor, id: string): ReturnType<typeof connections.listAudit>;
  listDeadLetters(actor: Actor, id: string): ReturnType<typeof connections.listDeadLetters>;
  startAuthorization(
    actor: Actor,
    provider: string,
    body: Parameters<typeof startAuthorization>[3],
  ): ReturnType<typeof startAuthorization>;
  handleCallback(request: Request, provider: string): Promise<Response>;
}

export interface CalendarConnections {
  /** The Web-standard handler to mount under `basePath`. Answers every request; never throws. */
  handler: (request: Request) => Promise<Response>;
  api: CalendarConnectionsApi;
  /** Enqueue event changes, run batches, or start a long-running worker. */
  sync: CalendarSync;
}

/** Creates the kit's HTTP handler and API over the host's storage, keys, providers and session. */
export function createCalendarConnections(options: CalendarConnectionsOptions): CalendarConnections {
  const kit = createKit(options);

  async function handler(request: Request): Promise<Response> {
    const url = new URL(request.url);
    try {
      if (url.pathname !== kit.basePath && !url.pathname.startsWith(`${kit.basePath}/`)) {
        throw new ApiError("not_found");
      }
      const { route, params } = matchRoute(
        ROUTES,
        request.method,
        url.pathname.slice(kit.basePath.length) || "/",
      );
      assertSameSite(request, kit.publicOrigin);
      return await route.handle({ kit, request, url }, params);
    } catch (error) {
      if (error instanceof ApiError) return problemResponse(error, url.pathname);
      if (error instanceof StorageConflictError)
        return problemResponse(new ApiError("connection_exists"), url.pathname);
      kit.logger.error("unhandled error", {
        method: request.method,
        path: url.pathname,
        reason: describeError(error),
      });
      return problemResponse(new ApiError("internal_error"), url.pathname);
    }
  }

  const api: CalendarConnectionsApi = {
    listProviders: (actor) => listProviders(kit, actor),
    listConnections: (actor) => connections.listConnections(kit, actor),
    getConnection: (actor, id) => connections.getConnection(kit, actor, id),
    listCalendars: (actor, id) => connections.listCalendars(kit, actor, id),
    selectCalendar: (actor, id, body) => connections.selectCalendar(kit, actor, id, body),
    refreshConnection: (actor, id) => connections.refreshConnection(kit, actor, id),
    disconnect: (actor, id) => connections.disconnect(kit, actor, id),
    createConnection: (actor, body) => connections.createConnection(kit, actor, body),
    rotateFeed: (actor, id) => connections.rotateFeed(kit, actor, id),
    listAudit: (actor, id) => connections.listAudit(kit, actor, id),
    listDeadLetters: (actor, id) => connections.listDeadLetters(kit, actor, id),
    startAuthorization: (actor, provider, body) => startAuthorization(kit, actor, provider, body),
    handleCallback: (request, provider) => handleCallback(kit, request, provider),
  };

  return { handler, api, sync: kit.sync };
}
