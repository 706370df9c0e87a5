// Server-safe: this module (the `./nav` entry) imports nothing, so a server component or a server-rendered
// navigation config can use it without pulling React's client APIs in.

/** Where the kit's API is mounted unless the host says otherwise; the server's default too. */
export const DEFAULT_BASE_PATH = "/api/calendar-connections";

/** An entry for a dashboard's navigation config. */
export interface CalendarConnectionsNavItem {
  id: "calendar-connections";
  href: string;
  label: string;
  /** Hosts hide the item from anyone who is not an organization admin; the API refuses them anyway. */
  requiredRole: "admin";
  /** Present when connections need an admin: a count to show, and what it means for a screen reader. */
  badge?: { count: number; label: string };
}

/** What `attentionCount` reads of a connection (the API's `Connection` has these fields). */
export interface AttentionInput {
  readonly status: string;
  readonly calendarId: string | null;
  readonly provider?: string;
}

/**
 * How many live connections need an admin: to reconnect, to fix a failing sync, or to choose a
 * calendar. Feed-like providers that never have a calendar can be left out with `withoutCalendar`.
 */
export function attentionCount(
  connections: readonly AttentionInput[],
  options: { readonly withoutCalendar?: readonly string[] } = {},
): number {
  const noCalendar = new Set(options.withoutCalendar ?? []);
  return connections.filter(
    (connection) =>
      connection.status === "needs_reauth" ||
      connection.status === "error" ||
      (connection.status === "active" &&
        connection.calendarId === null &&
        !noCalendar.has(connection.provider ?? "")),
  ).length;
}

/**
 * An entry for a dashboard's navigation config, e.g. under "Admin". With `attention` (from
 * `attentionCount`) above 0 it carries a badge; `attentionLabel` words it (default English).
 */
export function calendarConnectionsNavItem({
  href,
  label = "Calendar connections",
  attention = 0,
  attentionLabel = (count: number) => (count === 1 ? "1 needs attention" : `${count} need attention`),
}: {
  href: string;
  label?: string;
  attention?: number;
  attentionLabel?: (count: number) => string;
}): CalendarConnectionsNavItem {
  const item: CalendarConnectionsNavItem = { id: "calendar-connections", href, label, requiredRole: "admin" };
  return attention > 0 ? { ...item, badge: { count: attention, label: attentionLabel(attention) } } : item;
}
