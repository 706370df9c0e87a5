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
