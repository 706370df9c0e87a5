import "@org/calendar-connections-ui/styles.css";
import { calendarConnectionsNavItem } from "@org/calendar-connections-ui/nav";
import type { ReactNode } from "react";

const nav = [{ href: "/", label: "Home" }, calendarConnectionsNavItem({ href: "/admin/calendars" })];

export const metadata = { title: "Host app" };

export default function RootLayout({ children }: { children: ReactNode }): ReactNode {
  return (
    <html lang="en">
      <body>
        <nav aria-label="Main">
          {nav.map((item) => (
            <a key={item.href} href={item.href}>
              {item.label}
            </a>
          ))}
        </nav>
        <main>{children}</main>
      </body>
    </html>
  );
}
