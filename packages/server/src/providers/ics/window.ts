import { parseRecurrence } from "../../events/recurrence.ts";
import type { HostEventWithId } from "../../events/types.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** How much of an organization's calendar one feed carries (see `IcsFeedOptions`). */
export interface FeedWindow {
  readonly maxEvents: number;
  readonly pastDays: number;
  readonly futureDays: number;
}

/** A year ahead and a quarter back, at most 1000 events: a few hundred kilobytes of iCalendar. */
export const DEFAULT_FEED_WINDOW: FeedWindow = { maxEvents: 1000, pastDays: 90, futureDays: 365 };

/** The events a feed serves, earliest first. */
export interface FeedSelection {
  readonly events: readonly HostEventWithId[];
  /** Whether events of the window were left out for `maxEvents`. */
  readonly truncated: boolean;
  /** Midnight UTC of today: the window moves a day at a time, so the feed's bytes hold between changes. */
  readonly anchor: Date;
}

/** When a series' last instance may end: its UNTIL plus one instance's length, or never. */
function seriesEnd(event: HostEventWithId): number {
  const rule = parseRecurrence(event)?.rule ?? null;
  if (rule === null || rule.until === null || rule.count !== null) return Number.POSITIVE_INFINITY;
  return rule.until.getTime() + (event.end.getTime() - event.start.getTime());
}

function byStart(a: HostEventWithId, b: HostEventWithId): number {
  // The id breaks ties, so the host's listing order never changes the feed's bytes (or its ETag).
  return a.start.getTime() - b.start.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The events of a feed: those overlapping `[today − pastDays, today + futureDays + 1 day)` in whole UTC
 * days, earliest first. Over `maxEvents`, what is still to come matters most to a subscriber: ongoing
 * and upcoming events are kept earliest first, and the room left goes to the most recent past ones.
 * Events with an invalid start or end are left out rather than failing the whole feed.
 */
export function selectFeedEvents(
  events: readonly HostEventWithId[],
  now: Date,
  bounds: FeedWindow,
): FeedSelection {
  const anchor = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = anchor - bounds.pastDays * DAY_MS;
  const to = anchor + (bounds.futureDays + 1) * DAY_MS;
  const inWindow = events
    .filter((event) => {
      const start = event.start.getTime();
      const end = event.end.getTime();
      if (!Number.isFinite(start) || !Number.isFinite(end)) return false;
      // A series that began before the window runs into it unless its rule ended before it.
      if ((event.recurrence?.length ?? 0) > 0) return start < to && seriesEnd(event) > from;
      // A zero-length event at the window's start is inside it; one that ends there is not.
      return start < to && (end > from || start >= from);
    })
    .sort(byStart);
  if (inWindow.length <= bounds.maxEvents) {
    return { events: inWindow, truncated: false, anchor: new Date(anchor) };
  }
  const current = now.getTime();
  const upcoming = inWindow.filter((event) => event.end.getTime() > current);
  const past = inWindow.filter((event) => event.end.getTime() <= current);
  const room = Math.max(0, bounds.maxEvents - upcoming.length);
  const kept = [...past.slice(Math.max(0, past.length - room)), ...upcoming.slice(0, bounds.maxEvents)];
  // An ongoing event can start before a past one: order the whole feed again.
  return { events: kept.sort(byStart), truncated: true, anchor: new Date(anchor) };
}
