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
}

/** An entry for a dashboard's navigation config, e.g. under "Admin". */
export function calendarConnectionsNavItem({
  href,
  label = "Calendar connections",
}: {
  href: string;
  label?: string;
}): CalendarConnectionsNavItem {
  return { id: "calendar-connections", href, label, requiredRole: "admin" };
}
