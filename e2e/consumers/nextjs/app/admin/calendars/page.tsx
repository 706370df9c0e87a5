import { CalendarConnectionsPage } from "@org/calendar-connections-ui";
import type { ReactNode } from "react";

export default function CalendarsPage(): ReactNode {
  return <CalendarConnectionsPage basePath="/api/calendar-connections" />;
}
