import { toICalendar } from "../events/ics.ts";
import { ApiError } from "../http/api-error.ts";
import { hashSecret } from "./encoding.ts";
import type { Kit } from "./kit.ts";

// Feed tokens are 32 random bytes in base64url: 43 characters.
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * `GET /feeds/:token.ics`: the organization's events as iCalendar. The token is the credential (no
 * session): unknown, malformed, rotated and disconnected tokens all answer the same 404.
 */
export async function serveFeed(kit: Kit, file: string): Promise<Response> {
  const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
  if (!FEED_TOKEN.test(token) || kit.options.listEvents === undefined) throw new ApiError("not_found");
  const connection = await kit.storage.findConnectionByFeedTokenHash(hashSecret(token));
  if (connection === null || connection.provider !== "ics") throw new ApiError("not_found");
  const events = await kit.options.listEvents(connection.organizationId);
  const productName = kit.options.productName ?? "Calendar connections";
  const body = toICalendar(events, {
    name: productName,
    productId: `-//${productName.replace(/\/\//g, "/")}//Calendar connections//EN`,
    uidDomain: new URL(kit.publicOrigin).hostname,
    generatedAt: kit.now(),
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
