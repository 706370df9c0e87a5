import * as Dialog from "@radix-ui/react-dialog";
import { type ReactElement, type ReactNode, useEffect, useRef, useState } from "react";
import type { SessionInfo } from "../lib/api.ts";
import { useLanguage } from "../lib/language.tsx";
import type { Theme } from "../lib/theme.ts";
import { Breadcrumbs, type Crumb } from "./breadcrumbs.tsx";
import { Icon } from "./icons.tsx";
import { LanguageSwitch } from "./language-switch.tsx";
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
  const [drawer, setDrawer] = useState(false);
  const strings = shellStrings(useLanguage().language);
  // Following a link in the drawer closes it.
  useEffect(() => {
    if (pathname) setDrawer(false);
  }, [pathname]);
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
      <Dialog.Root open={drawer} onOpenChange={setDrawer}>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
          <Dialog.Content
            data-testid="nav-drawer"
            aria-describedby={undefined}
            className="fixed inset-y-0 left-0 z-50 flex max-w-[85vw] bg-sidebar text-fg shadow-xl outline-none md:hidden"
          >
            <Dialog.Title className="sr-only">{strings.menuTitle}</Dialog.Title>
            <Sidebar session={session} pathname={pathname} className="h-full" />
            <Dialog.Close
              aria-label={strings.closeMenu}
              className="focus-ring absolute top-2.5 right-2.5 flex size-9 items-center justify-center rounded-md text-muted hover:bg-hover hover:text-fg"
            >
              <Icon name="close" width={18} height={18} />
            </Dialog.Close>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-14 items-center justify-between gap-2 border-line border-b px-3 md:gap-4 md:px-6">
          <div className="flex min-w-0 items-center gap-1">
            <button
              type="button"
              aria-label={strings.openMenu}
              aria-expanded={drawer}
              onClick={() => setDrawer(true)}
              className="focus-ring flex size-9 shrink-0 items-center justify-center rounded-md text-muted hover:bg-hover hover:text-fg md:hidden"
            >
              <Icon name="menu" width={20} height={20} />
            </button>
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
