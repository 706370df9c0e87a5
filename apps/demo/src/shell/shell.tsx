import { type ReactElement, type ReactNode, useEffect, useRef } from "react";
import type { SessionInfo } from "../lib/api.ts";
import { useLanguage } from "../lib/language.tsx";
import type { Theme } from "../lib/theme.ts";
import { Breadcrumbs, type Crumb } from "./breadcrumbs.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
import { NavDrawer } from "./nav-drawer.tsx";
import { Sidebar } from "./sidebar.tsx";
import { shellStrings } from "./strings.ts";
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

/**
 * The host dashboard's frame: skip link, left nav, top bar with breadcrumbs, language, theme and the avatar menu.
 * Below the `md` breakpoint the nav moves into a drawer (a Radix Dialog: focus trapped, Escape closes it)
 * behind a menu button.
 */
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
  const strings = shellStrings(useLanguage().language);
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
        {strings.skip}
      </a>
      <Sidebar session={session} pathname={pathname} className="hidden md:flex" />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-2 border-line border-b px-3 md:gap-4 md:px-6">
          <div className="flex min-w-0 items-center gap-1">
            <NavDrawer session={session} pathname={pathname} />
            <div className="hidden min-w-0 sm:block">
              <Breadcrumbs items={breadcrumbs} />
            </div>
          </div>
          <div className="flex items-center gap-1">
            <LanguageSwitch />
            <ThemeToggle theme={theme} onChange={onThemeChange} />
            <UserMenu session={session} />
          </div>
        </header>
        <main id="main" ref={main} tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto w-full max-w-5xl px-4 py-6 md:px-6 md:py-8">{children}</div>
        </main>
      </div>
    </div>
  );
}
