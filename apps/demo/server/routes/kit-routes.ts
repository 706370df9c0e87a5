import { RETURN_PARAMS } from "@org/calendar-connections-core";
import type { Context } from "hono";
import type { SessionCodec } from "../session.ts";
import type { World } from "../world.ts";

/**
 * Whether a kit response means "this organization now has a calendar to fill": a successful OAuth
 * callback, or a newly selected calendar.
 */
function opensCalendar(request: Request, response: Response): boolean {
  if (request.method === "PATCH") return response.ok;
  if (request.method !== "GET" || !new URL(request.url).pathname.endsWith("/callback")) return false;
  const location = response.headers.get("location");
  if (location === null) return false;
  return new URL(location, request.url).searchParams.get(RETURN_PARAMS.outcome) === "connected";
}

/**
 * The kit's handler, plus the host's backfill: the kit syncs events as they change, so when a calendar
 * gets connected (or another one chosen) the host enqueues the organization's existing events.
 */
export function kitHandler(session: SessionCodec, world: () => World): (c: Context) => Promise<Response> {
  return async (c) => {
    const request = c.req.raw;
    const current = world();
    const response = await current.kit.handler(request);
    const user = session.fromRequest(request);
    if (user !== null && opensCalendar(request, response)) {
      for (const event of current.events.list(user.organizationId))
        await current.kit.sync.enqueueEventSync({ organizationId: user.organizationId, eventId: event.id });
    }
    return response;
  };
}
