import { LIMITS } from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import type { Kit } from "./kit.ts";
import type { Actor } from "./options.ts";

/** The organization a request names, for users in several: `?organizationId=` or `X-Organization-Id`. */
function namedOrganization(request: Request, query: URLSearchParams): string | null {
  const named = query.get("organizationId") ?? request.headers.get("x-organization-id");
  if (named === null) return null;
  if (named === "" || named.length > LIMITS.id) {
    throw new ApiError("validation_failed", {
      errors: [{ path: "organizationId", message: "Invalid organization id" }],
    });
  }
  return named;
}

/** Only organization admins manage connections; every operation checks this, over HTTP or not. */
export function requireAdmin(actor: Actor): void {
  if (actor.role !== "admin") throw new ApiError("forbidden");
}

/**
 * The signed-in admin acting on the request's organization: 401 without a session, 403 for a
 * non-admin or an organization the host did not grant.
 */
export async function resolveAdmin(
  kit: Kit,
  request: Request,
  query: URLSearchParams = new URL(request.url).searchParams,
): Promise<Actor> {
  const organizationId = namedOrganization(request, query);
  const actor = await kit.options.authorize(request, { organizationId });
  if (actor === null) throw new ApiError("unauthenticated");
  if (organizationId !== null && actor.organizationId !== organizationId) throw new ApiError("forbidden");
  requireAdmin(actor);
  return actor;
}
