import { calendarConnectionsNavItem } from "@org/calendar-connections-ui";
import type { DemoRole } from "./lib/api.ts";
import type { IconName } from "./shell/icons.tsx";

export const CALENDARS_PATH = "/admin/integrations/calendars";

export interface NavItem {
  id: string;
  href: string;
  label: string;
  icon: IconName;
  /** Hidden from anyone without this role. */
  requiredRole?: DemoRole;
  /** A count to show beside the label, and its meaning for a screen reader. */
  badge?: { count: number; label: string };
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const NAV: readonly NavGroup[] = [
  { label: "Workspace", items: [{ id: "events", href: "/events", label: "Events", icon: "calendar" }] },
  {
    label: "Admin",
    items: [
      { id: "providers", href: "/admin/providers", label: "Providers", icon: "plug" },
      { id: "feature-flags", href: "/admin/feature-flags", label: "Feature flags", icon: "flag" },
      { id: "digests", href: "/admin/digests", label: "Digests", icon: "mail" },
      { ...calendarConnectionsNavItem({ href: CALENDARS_PATH }), icon: "link" },
      { id: "outbox", href: "/admin/outbox", label: "Outbox", icon: "mail", requiredRole: "admin" },
    ],
  },
  {
    label: "Developer",
    items: [{ id: "fake-provider", href: "/fake-provider", label: "Fake provider", icon: "beaker" }],
  },
];

/** The navigation a user may see: items needing a role they lack are left out, and then empty groups. */
export function visibleNav(role: DemoRole): NavGroup[] {
  return NAV.map((group) => ({
    label: group.label,
    items: group.items.filter((item) => item.requiredRole === undefined || item.requiredRole === role),
  })).filter((group) => group.items.length > 0);
}
