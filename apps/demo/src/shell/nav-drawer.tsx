import * as Dialog from "@radix-ui/react-dialog";
import { type ReactElement, useEffect, useState } from "react";
import type { SessionInfo } from "../lib/api.ts";
import { useLanguage } from "../lib/language.tsx";
import { Icon } from "./icons.tsx";
import { Sidebar } from "./sidebar.tsx";
import { shellStrings } from "./strings.ts";

/**
 * Below the `md` breakpoint: the menu button and the sidebar in a drawer (a Radix Dialog, so focus is trapped,
 * Escape closes it and focus returns to the button). Following a link closes it.
 */
export function NavDrawer({ session, pathname }: { session: SessionInfo; pathname: string }): ReactElement {
  const [open, setOpen] = useState(false);
  const strings = shellStrings(useLanguage().language);
  useEffect(() => {
    if (pathname) setOpen(false);
  }, [pathname]);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger
        aria-label={strings.openMenu}
        className="focus-ring flex size-9 shrink-0 items-center justify-center rounded-md text-muted hover:bg-hover hover:text-fg md:hidden"
      >
        <Icon name="menu" width={20} height={20} />
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
        <Dialog.Content
          aria-describedby={undefined}
          className="fixed inset-y-0 left-0 z-50 flex max-w-[85vw] bg-sidebar text-fg shadow-xl outline-none md:hidden"
        >
          <Dialog.Title className="sr-only">{strings.menuTitle}</Dialog.Title>
          <Sidebar session={session} pathname={pathname} className="h-full" />
          <Dialog.Close
            aria-label={strings.closeMenu}
            className="focus-ring absolute top-2.5 right-2.5 flex size-9 items-center justify-center rounded-md bg-sidebar text-muted hover:bg-hover hover:text-fg"
          >
            <Icon name="close" width={18} height={18} />
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
