import { Fragment, type ReactElement } from "react";
import { Link } from "../lib/router.tsx";
import { Icon } from "./icons.tsx";

export interface Crumb {
  label: string;
  href?: string;
}

/** "Admin / Integrations / Calendars": the last crumb is the current page. */
export function Breadcrumbs({ items }: { items: readonly Crumb[] }): ReactElement {
  return (
    <nav aria-label="Breadcrumb">
      <ol className="flex items-center gap-1.5 text-sm">
        {items.map((crumb, index) => {
          const last = index === items.length - 1;
          return (
            <Fragment key={crumb.label}>
              <li className={last ? "font-medium text-fg" : "text-muted"}>
                {last ? (
                  <span aria-current="page">{crumb.label}</span>
                ) : crumb.href ? (
                  <Link href={crumb.href} className="focus-ring rounded-sm hover:text-fg">
                    {crumb.label}
                  </Link>
                ) : (
                  crumb.label
                )}
              </li>
              {last ? null : (
                <li aria-hidden="true" className="text-muted">
                  <Icon name="chevronRight" width={14} height={14} />
                </li>
              )}
            </Fragment>
          );
        })}
      </ol>
    </nav>
  );
}
