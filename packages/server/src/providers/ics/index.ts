import { ApiError } from "../../http/api-error.ts";
import { json } from "../../http/respond.ts";
import { toConnection } from "../../storage/mapper.ts";
import type { CalendarProvider, ProviderRoute } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import type { ProviderServices } from "../route-context.ts";
import { serveFeed } from "./feed.ts";
import { DEFAULT_FEED_WINDOW, type FeedWindow } from "./window.ts";

/** The id ICS feed connections are stored under. */
export const ICS_FEED_ID = "ics";

/**
 * Options of the `icsFeed()` provider. A feed carries the events overlapping a window of whole UTC days
 * around today, at most `maxEvents` of them, earliest first; subscribers re-fetch it every hour or so,
 * so the window bounds what each fetch renders.
 */
export interface IcsFeedOptions {
  /** The name of the feed connection on the page. Default "Calendar feed". */
  readonly calendarName?: string;
  /**
   * At most this many events per feed. Default 1000. Over it the feed keeps the ongoing and upcoming
   * events earliest first, gives the room left to the most recent past ones, and says so with
   * `X-CALENDAR-CONNECTIONS-TRUNCATED:TRUE`.
   */
  readonly maxEvents?: number;
  /** Leaves out events that ended before midnight UTC this many days ago. Default 90. */
  readonly pastDays?: number;
  /** Leaves out events that start after the end of this many days from today (UTC). Default 365. */
  readonly futureDays?: number;
}

// Checked when the host builds its provider list, so a typo fails at startup, not at a subscriber's fetch.
function feedWindow(options: IcsFeedOptions): FeedWindow {
  const whole = (name: keyof FeedWindow, min: number): number => {
    const value = options[name] ?? DEFAULT_FEED_WINDOW[name];
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`icsFeed: ${name} must be a whole number of at least ${min} (got ${value}).`);
    }
    return value;
  };
  return {
    maxEvents: whole("maxEvents", 1),
    pastDays: whole("pastDays", 0),
    futureDays: whole("futureDays", 0),
  };
}

const FEED_TOKEN_BYTES = 32;

function newFeed(services: ProviderServices): { feedTokenHash: string; feedUrl: string } {
  const token = services.randomToken(FEED_TOKEN_BYTES);
  return { feedTokenHash: services.hashSecret(token), feedUrl: services.url(`/feeds/${token}.ics`) };
}

const feedRoutes = (bounds: FeedWindow): readonly ProviderRoute[] => [
  {
    method: "GET",
    pattern: "/feeds/:file",
    access: "public",
    handle: ({ services, request }, params) => serveFeed(services, request, params.file ?? "", bounds),
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
 * rotated). Answers with a strong `ETag` and 304 to a matching `If-None-Match`. Needs the host's
 * `listEvents`.
 */
export function icsFeed(options: IcsFeedOptions = {}): CalendarProvider<typeof ICS_FEED_ID> {
  const routes = feedRoutes(feedWindow(options));
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
