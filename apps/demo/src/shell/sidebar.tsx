import { calendarConnectionsNavItem } from "@org/calendar-connections-ui/nav";
import type { ReactElement } from "react";
import type { SessionInfo } from "../lib/api.ts";
import { useLanguage } from "../lib/language.tsx";
import { Link } from "../lib/router.tsx";
import { visibleNav } from "../nav.ts";
import { Icon } from "./icons.tsx";
import { shellStrings } from "./strings.ts";
import { useCalendarAttention } from "./use-attention.ts";

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The dashboard's left navigation: the organization, then the groups the user may see. Beside the page from
 * the `md` breakpoint up; below it the shell shows it in a drawer (`className` places it).
 */
export function Sidebar({
  session,
  pathname,
  className = "",
}: {
  session: SessionInfo;
  pathname: string;
  className?: string;
}): ReactElement {
  const attention = useCalendarAttention(session);
  const { language } = useLanguage();
  const strings = shellStrings(language);
  return (
    <aside className={`flex w-64 shrink-0 flex-col border-line border-r bg-sidebar ${className}`}>
      <div className="flex h-14 items-center gap-2.5 border-line border-b px-4">
        <span
          aria-hidden="true"
          className="flex size-7 items-center justify-center rounded-md bg-accent font-bold text-on-accent text-sm"
        >
          {session.organization.name[0]}
        </span>
        <div className="flex min-w-0 flex-col leading-tight">
          <span className="truncate font-semibold text-sm">{session.organization.name}</span>
          <span className="text-muted text-xs">{strings.workspace}</span>
        </div>
      </div>
      <nav aria-label="Main" className="flex flex-1 flex-col gap-5 overflow-y-auto px-3 py-4">
        {visibleNav(session.user.role).map((group) => (
          <div key={group.label} className="flex flex-col gap-0.5">
            <h2 className="px-2 pb-1 font-medium text-muted text-xs uppercase tracking-wide">
              {strings.groups[group.label] ?? group.label}
            </h2>
            <ul className="flex flex-col gap-0.5">
              {group.items.map((item) => {
                const active = isActive(pathname, item.href);
                const badge =
                  item.id === "calendar-connections"
                    ? calendarConnectionsNavItem({
                        href: item.href,
                        attention,
                        ...(language === "de"
                          ? {
                              attentionLabel: (count: number) =>
                                count === 1 ? "1 braucht Aufmerksamkeit" : `${count} brauchen Aufmerksamkeit`,
                            }
                          : {}),
                      }).badge
                    : item.badge;
                return (
                  <li key={item.id}>
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={`focus-ring flex h-8 items-center gap-2 rounded-md px-2 text-sm ${
                        active ? "bg-hover font-medium text-fg" : "text-muted hover:bg-hover hover:text-fg"
                      }`}
                    >
                      <Icon name={item.icon} className={active ? "text-accent" : undefined} />
                      <span className="truncate">{strings.items[item.id] ?? item.label}</span>
                      {badge !== undefined && (
                        <span className="ml-auto min-w-5 shrink-0 rounded-full bg-danger px-1 text-center font-semibold text-page text-xs leading-5">
                          <span aria-hidden="true">{badge.count}</span>
                          <span className="sr-only">, {badge.label}</span>
                        </span>
                      )}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </nav>
      <p className="border-line border-t px-4 py-3 text-muted text-xs">{strings.footer}</p>
    </aside>
  );
}
