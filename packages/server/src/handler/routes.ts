import { CreateConnectionBody, StartOAuthBody, UpdateConnectionBody } from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import { readJsonBody } from "../http/body.ts";
import { json, jsonText } from "../http/respond.ts";
import type { Route } from "../http/router.ts";
import type { ProviderRouteContext } from "../providers/route-context.ts";
import { activityPageOf, getActivity, retryEvent } from "./activity-op.ts";
import * as connections from "./connections-op.ts";
import { createConnection } from "./create-connection-op.ts";
import { runCron } from "./cron-op.ts";
import { disconnect } from "./disconnect-op.ts";
import type { Kit } from "./kit.ts";
import { handleCallback, startAuthorization } from "./oauth-op.ts";
import { providersAnswer, requestLocale } from "./providers-op.ts";
import { resolveAdmin } from "./session.ts";

/** What a route sees: the shared dependencies and the request. */
export interface RouteContext {
  readonly kit: Kit;
  readonly request: Request;
  /** The request's URL, parsed on first use (most routes never need it). */
  readonly url: URL;
  /** The query parameters, parsed on first use. */
  readonly query: URLSearchParams;
}

type Params = Readonly<Record<string, string>>;

function param(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`route pattern has no :${name}`);
  return value;
}

/** Routes that act as the signed-in admin. */
function admin(
  method: Route<RouteContext>["method"],
  pattern: string,
  run: (
    context: RouteContext,
    params: Params,
    actor: Awaited<ReturnType<typeof resolveAdmin>>,
  ) => Promise<Response>,
): Route<RouteContext> {
  return {
    method,
    pattern,
    handle: async (context, params) =>
      run(context, params, await resolveAdmin(context.kit, context.request, context.query)),
  };
}

/** The kit's own routes, relative to the base path; providers add theirs (see `providerRoutes`). */
export const CORE_ROUTES: readonly Route<RouteContext>[] = [
  admin("GET", "/providers", async ({ kit, request, query }, _params, actor) =>
    jsonText(await providersAnswer(kit, actor, requestLocale(request, query))),
  ),
  admin("GET", "/connections", async ({ kit, query }, _params, actor) => {
    const include = query.getAll("include");
    if (include.some((value) => value !== "disconnected"))
      throw new ApiError("validation_failed", {
        errors: [{ path: "include", message: 'The only value is "disconnected".' }],
      });
    const includeDisconnected = include.length > 0;
    return json({ connections: await connections.listConnections(kit, actor, { includeDisconnected }) });
  }),
  admin("POST", "/connections", async ({ kit, request, query }, _params, actor) => {
    const body = await readJsonBody(request, CreateConnectionBody);
    return json(await createConnection(kit, actor, body, requestLocale(request, query)), { status: 201 });
  }),
  admin("GET", "/connections/:id", async ({ kit }, params, actor) =>
    json(await connections.getConnection(kit, actor, param(params, "id"))),
  ),
  admin("PATCH", "/connections/:id", async ({ kit, request }, params, actor) => {
    const body = await readJsonBody(request, UpdateConnectionBody);
    return json(await connections.selectCalendar(kit, actor, param(params, "id"), body));
  }),
  admin("DELETE", "/connections/:id", async ({ kit, query }, params, actor) => {
    const remove = query.get("removeEvents");
    if (remove !== null && remove !== "true" && remove !== "false")
      throw new ApiError("validation_failed", {
        errors: [{ path: "removeEvents", message: 'Expected "true" or "false".' }],
      });
    const connection = await disconnect(kit, actor, param(params, "id"), { removeEvents: remove === "true" });
    // Accepted: the removal runs in the worker, and the connection disconnects when it is done.
    return json(connection, { status: connection.status === "disconnected" ? 200 : 202 });
  }),
  admin("GET", "/connections/:id/calendars", async ({ kit }, params, actor) =>
    json({ calendars: await connections.listCalendars(kit, actor, param(params, "id")) }),
  ),
  admin("POST", "/connections/:id/refresh", async ({ kit }, params, actor) =>
    json(await connections.refreshConnection(kit, actor, param(params, "id"))),
  ),
  admin("GET", "/connections/:id/audit", async ({ kit }, params, actor) =>
    json({ entries: await connections.listAudit(kit, actor, param(params, "id")) }),
  ),
  admin("GET", "/connections/:id/dead-letters", async ({ kit }, params, actor) =>
    json({ deadLetters: await connections.listDeadLetters(kit, actor, param(params, "id")) }),
  ),
  admin("POST", "/connections/:id/dead-letters/requeue", async ({ kit }, params, actor) =>
    json(await connections.requeueDeadLetters(kit, actor, param(params, "id"))),
  ),
  admin("GET", "/connections/:id/activity", async ({ kit, query }, params, actor) =>
    json(await getActivity(kit, actor, param(params, "id"), activityPageOf(query))),
  ),
  admin("POST", "/connections/:id/events/:eventId/retry", async ({ kit }, params, actor) =>
    json(await retryEvent(kit, actor, param(params, "id"), param(params, "eventId"))),
  ),
  admin("POST", "/oauth/:provider/start", async ({ kit, request }, params, actor) => {
    const body = await readJsonBody(request, StartOAuthBody);
    const started = await startAuthorization(kit, actor, param(params, "provider"), body);
    return json(
      { authorizationURL: started.authorizationURL },
      { headers: { "set-cookie": started.setCookie } },
    );
  }),
  {
    method: "GET",
    pattern: "/oauth/:provider/callback",
    handle: ({ kit, request }, params) => handleCallback(kit, request, param(params, "provider")),
  },
  {
    method: "POST",
    pattern: "/cron/sync",
    handle: async ({ kit, request }) => json(await runCron(kit, request)),
  },
];

/** What a provider's route sees: the request, never the kit itself. */
function providerContext(context: RouteContext, actor: ProviderRouteContext["actor"]): ProviderRouteContext {
  return { request: context.request, url: context.url, actor, services: context.kit.services };
}

/** The routes the host's providers add: `admin` ones behind the admin check, `public` ones as they are. */
export function providerRoutes(kit: Kit): Route<RouteContext>[] {
  return kit.providers.routes.map(({ route }) =>
    route.access === "admin"
      ? admin(route.method, route.pattern, (context, params, actor) =>
          route.handle(providerContext(context, actor), params),
        )
      : {
          method: route.method,
          pattern: route.pattern,
          handle: (context, params) => route.handle(providerContext(context, null), params),
        },
  );
}
