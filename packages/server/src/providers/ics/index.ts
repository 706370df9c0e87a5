import { ApiError } from "../../http/api-error.ts";
import { json } from "../../http/respond.ts";
import { toConnection } from "../../storage/mapper.ts";
import type { CalendarProvider, ProviderRoute } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import type { ProviderServices } from "../route-context.ts";
import { serveFeed } from "./feed.ts";

/** The id ICS feed connections are stored under. */
export const ICS_FEED_ID = "ics";

/** Options of the `icsFeed()` provider. */
export interface IcsFeedOptions {
  /** The name of the feed connection on the page. Default "Calendar feed". */
  readonly calendarName?: string;
}

const FEED_TOKEN_BYTES = 32;

function newFeed(services: ProviderServices): { feedTokenHash: string; feedUrl: string } {
  const token = services.randomToken(FEED_TOKEN_BYTES);
  return { feedTokenHash: services.hashSecret(token), feedUrl: services.url(`/feeds/${token}.ics`) };
}

const routes: readonly ProviderRoute[] = [
  {
    method: "GET",
    pattern: "/feeds/:file",
    access: "public",
    handle: ({ services }, params) => serveFeed(services, params.file ?? ""),
  },
  {
    // Replaces a feed's secret; the old URL stops working at once.
    method: "POST",
    pattern: "/connections/:id/feed",
    access: "admin",
    async handle({ services, actor }, params) {
      if (actor === null) throw new ApiError("unauthenticated");
      const id = params.id ?? "";
      const record = await services.storage.getConnection(actor.organizationId, id);
      if (record === null) throw new ApiError("connection_not_found");
      if (record.status === "disconnected") throw new ApiError("connection_disconnected");
      if (record.provider !== ICS_FEED_ID)
        throw new ApiError("not_found", { detail: "Only ICS feeds have a feed URL." });
      const feed = newFeed(services);
      const updated = await services.storage.updateConnection(actor.organizationId, id, {
        feedTokenHash: feed.feedTokenHash,
        audit: { actorId: actor.userId, action: "feed.rotated" },
      });
      if (updated === null) throw new ApiError("connection_not_found");
      return json({ connection: toConnection(updated), feedUrl: feed.feedUrl });
    },
  },
];

/**
 * A private iCalendar link of the organization's events that any calendar app can subscribe to. The
 * link's token is the credential: the kit keeps only its hash, so the link is shown once (and can be
 * rotated). Needs the host's `listEvents`.
 */
export function icsFeed(options: IcsFeedOptions = {}): CalendarProvider<typeof ICS_FEED_ID> {
  return defineCalendarProvider({
    id: ICS_FEED_ID,
    name: { en: "Calendar feed (ICS)", de: "Kalender-Feed (ICS)" },
    description: {
      en: "A private iCalendar link any calendar app can subscribe to.",
      de: "Ein privater iCalendar-Link, den jede Kalender-App abonnieren kann.",
    },
    icon: { type: "key", key: ICS_FEED_ID },
    connect: {
      kind: "instant",
      actionLabel: { en: "Create feed link", de: "Feed-Link erstellen" },
      async create({ services }) {
        const feed = newFeed(services);
        return { calendarName: options.calendarName ?? "Calendar feed", ...feed };
      },
    },
    routes,
    isConfigured: ({ hasListEvents }) => hasListEvents,
  });
}
