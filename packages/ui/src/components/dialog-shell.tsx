import * as Dialog from "@radix-ui/react-dialog";
import type { ReactElement, ReactNode } from "react";
import { cn } from "../cn.ts";
import { PortalRoot, usePortalContainer } from "./portal.tsx";
import { CARD } from "./primitives.tsx";

export interface DialogShellProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  slot: string;
  state?: string | undefined;
  role?: "dialog" | "alertdialog";
  children: ReactNode;
  className?: string | undefined;
  /** Where focus goes on close; Radix returns it to the element that opened the dialog by default. */
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
}

/** A centered modal on the kit's tokens: overlay, title, description, and a body. Traps and restores focus. */
export function DialogShell({
  open,
  onOpenChange,
  title,
  description,
  slot,
  state,
  role = "dialog",
  children,
  className,
  onCloseAutoFocus,
}: DialogShellProps): ReactElement {
  const container = usePortalContainer();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal container={container}>
        <PortalRoot standalone={!container}>
          <Dialog.Overlay data-slot="dialog-overlay" className="fixed inset-0 z-50 bg-(--cc-overlay)" />
          <Dialog.Content
            role={role}
            data-slot={slot}
            data-state={state}
            onCloseAutoFocus={onCloseAutoFocus}
            className={cn(
              CARD,
              "-translate-x-1/2 -translate-y-1/2 fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100vh-2rem)] w-[calc(100vw-2rem)] max-w-md flex-col gap-4 overflow-auto p-5 text-(--cc-fg) text-sm shadow-(--cc-shadow)",
              className,
            )}
          >
            <div className="flex flex-col gap-1">
              <Dialog.Title className="font-semibold text-base leading-6">{title}</Dialog.Title>
              <Dialog.Description className="text-(--cc-muted-fg) leading-5">
                {description}
              </Dialog.Description>
            </div>
            {children}
          </Dialog.Content>
        </PortalRoot>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export const DialogClose = Dialog.Close;
