import { CalendarConnectionsPage } from "@org/calendar-connections-ui";
import type { ReactElement } from "react";
import type { SessionInfo } from "../lib/api.ts";
import { useLanguage } from "../lib/language.tsx";
import { NotAllowed } from "./not-allowed.tsx";

export const API_BASE = "/api/calendar-connections";

/** Admin → Integrations → Calendars: the kit's page, for organization admins only. */
export function CalendarsPage({ session }: { session: SessionInfo }): ReactElement {
  const { language } = useLanguage();
  if (session.user.role !== "admin")
    return <NotAllowed what="manage calendar connections" organization={session.organization.name} />;
  // Keyed by user: the kit never shows one user's cached connections to the next.
  return <CalendarConnectionsPage basePath={API_BASE} cacheKey={session.user.id} locale={language} />;
}
