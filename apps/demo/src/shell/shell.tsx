import { type ReactElement, type ReactNode, useEffect, useRef } from "react";
import type { SessionInfo } from "../lib/api.ts";
import type { Theme } from "../lib/theme.ts";
import { Breadcrumbs, type Crumb } from "./breadcrumbs.tsx";
import { Sidebar } from "./sidebar.tsx";
import { ThemeToggle } from "./theme-toggle.tsx";
import { UserMenu } from "./user-menu.tsx";

export interface ShellProps {
  session: SessionInfo;
  pathname: string;
  breadcrumbs: readonly Crumb[];
  theme: Theme;
  onThemeChange: (theme: Theme) => void;
  children: ReactNode;
}

/** The host dashboard's frame: skip link, left nav, top bar with breadcrumbs and the avatar menu. */
export function Shell({
  session,
  pathname,
  breadcrumbs,
  theme,
  onThemeChange,
  children,
}: ShellProps): ReactElement {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After client-side navigation, focus moves to the new page (as a full page load would reset it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (pathname) main.current?.focus();
  }, [pathname]);
  return (
    <div className="flex min-h-screen bg-page text-fg">
      <a
        href="#main"
        className="focus-ring sr-only z-50 rounded-md bg-surface px-3 py-2 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar session={session} pathname={pathname} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-4 border-line border-b px-6">
          <Breadcrumbs items={breadcrumbs} />
          <div className="flex items-center gap-1">
            <ThemeToggle theme={theme} onChange={onThemeChange} />
            <UserMenu session={session} />
          </div>
        </header>
        <main id="main" ref={main} tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-5xl px-6 py-8">{children}</div>
        </main>
      </div>
    </div>
  );
}
