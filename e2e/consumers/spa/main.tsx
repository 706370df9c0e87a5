import { CalendarConnectionsPage } from "@org/calendar-connections-ui";
import "@org/calendar-connections-ui/styles.css";
import { createRoot } from "react-dom/client";

const root = document.getElementById("root");
if (root) createRoot(root).render(<CalendarConnectionsPage basePath="/api/calendar-connections" />);
