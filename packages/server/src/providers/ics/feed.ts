import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { toICalendar } from "../../events/ics.ts";
import type { HostEventWithId } from "../../events/types.ts";
import { isUnrepresentable } from "../../events/unrepresentable.ts";
import { checkHostEvent } from "../../events/validate.ts";
import { ApiError } from "../../http/api-error.ts";
import type { ProviderServices } from "../route-context.ts";
import { type FeedWindow, selectFeedEvents } from "./window.ts";

// Feed tokens are 32 random bytes in base64url: 43 characters.
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
const encoder = new TextEncoder();
/** "Last fetched" is shown to the minute: subscribers polling often write it at most this often. */
const FETCHED_RESOLUTION_MS = 60_000;

/** A strong validator: the SHA-256 of the exact bytes served. */
async function entityTag(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(body));
  return `"${encodeBase64urlNoPadding(new Uint8Array(digest))}"`;
}

/** RFC 9110 §13.1.2: `*`, or any listed entity tag equal to ours under weak comparison (`W/` ignored). */
function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  for (const [, tag] of header.matchAll(/(?:W\/)?("[^"]*")/g)) if (tag === etag) return true;
  return false;
}

/**
 * The events a feed can carry: each checked at the edge like a sync job's, an invalid one left out
 * (and logged with its id) rather than failing every subscriber's fetch.
 */
function writableEvents(services: ProviderServices, events: readonly HostEventWithId[]): HostEventWithId[] {
  return events.filter((event) => {
    try {
      checkHostEvent(event);
      return true;
    } catch (error) {
      if (!isUnrepresentable(error)) throw error;
      services.logger.warn("feed left out an event it cannot write", {
        eventId: event.id,
        reason: error.message,
      });
      return false;
    }
  });
}

/**
 * `GET /feeds/:token.ics`: the organization's events in the feed's window as iCalendar. The token is
 * the credential (no session): unknown, malformed, rotated and disconnected tokens all answer the same
 * 404. The body is deterministic between changes, so its digest is a strong `ETag`, and a subscriber
 * that sends it back in `If-None-Match` gets a 304 without the body. Each served fetch is recorded
 * as the connection's `lastSyncedAt` (to the minute), which the page shows as "last fetched".
 */
export async function serveFeed(
  services: ProviderServices,
  request: Request,
  file: string,
  bounds: FeedWindow,
): Promise<Response> {
  const token = file.endsWith(".ics") ? file.slice(0, -4) : "";
  if (!FEED_TOKEN.test(token) || services.listEvents === undefined) throw new ApiError("not_found");
  const connection = await services.storage.findConnectionByFeedTokenHash(services.hashSecret(token));
  if (connection === null || connection.provider !== "ics") throw new ApiError("not_found");
  const selection = selectFeedEvents(
    writableEvents(services, await services.listEvents(connection.organizationId)),
    services.now(),
    bounds,
  );
  const { productName } = services;
  const body = toICalendar(selection.events, {
    name: productName,
    productId: `-//${productName.replace(/\/\//g, "/")}//Calendar connections//EN`,
    uidDomain: new URL(services.publicOrigin).hostname,
    // Not the clock: a stamp that moves only with the window keeps identical content byte-identical.
    generatedAt: selection.anchor,
    truncated: selection.truncated,
  });
  const etag = await entityTag(body);
  // A served fetch (200 or 304) is what "synced" means for a feed: the page shows it as last fetched.
  // A failed write must not fail the subscriber's fetch.
  const now = services.now();
  if (
    connection.lastSyncedAt === null ||
    now.getTime() - connection.lastSyncedAt.getTime() >= FETCHED_RESOLUTION_MS
  ) {
    await services.storage
      .updateConnection(connection.organizationId, connection.id, { lastSyncedAt: now })
      .catch((error: unknown) =>
        services.logger.warn("recording a feed fetch failed", {
          connectionId: connection.id,
          reason: error instanceof Error ? error.name : "unknown",
        }),
      );
  }
  // The 304 repeats the validator and the cache headers (RFC 9110 §15.4.5), nothing else.
  const caching = {
    etag,
    "cache-control": "private, max-age=300",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
  if (matchesIfNoneMatch(request.headers.get("if-none-match"), etag)) {
    return new Response(null, { status: 304, headers: caching });
  }
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="calendar.ics"',
      ...caching,
    },
  });
}
