import { toICalendar } from "../../events/ics.ts";
import { ApiError } from "../../http/api-error.ts";
import type { ProviderServices } from "../route-context.ts";

// Feed tokens are 32 random bytes in base64url: 43 characters.
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `GET /feeds/:token.ics`: the organization's events as iCalendar. The token is the credential (no
 * session): unknown, malformed, rotated and disconnected tokens all answer the same 404.
 */
export async function serveFeed(services: ProviderServices, file: string): Promise<Response> {
  const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
  if (!FEED_TOKEN.test(token) || services.listEvents === undefined) throw new ApiError("not_found");
  const connection = await services.storage.findConnectionByFeedTokenHash(services.hashSecret(token));
  if (connection === null || connection.provider !== "ics") throw new ApiError("not_found");
  const events = await services.listEvents(connection.organizationId);
  const { productName } = services;
  const body = toICalendar(events, {
    name: productName,
    productId: `-//${productName.replace(/\/\//g, "/")}//Calendar connections//EN`,
    uidDomain: new URL(services.publicOrigin).hostname,
    generatedAt: services.now(),
  });
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="calendar.ics"',
      "cache-control": "private, max-age=300",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    },
  });
}
