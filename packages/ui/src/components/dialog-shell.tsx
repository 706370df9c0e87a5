"use client";

import * as Dialog from "@radix-ui/react-dialog";
import type { ReactElement, ReactNode } from "react";
import { cn } from "../cn.ts";
import { PortalRoot, usePortalContainer } from "./portal.tsx";

/** Props of the kit's modal shell. */
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
          <Dialog.Overlay data-slot="dialog-overlay" className="overlay" />
          <Dialog.Content
            role={role}
            data-slot={slot}
            data-state={state}
            onCloseAutoFocus={onCloseAutoFocus}
            className={cn("card dialog", className)}
          >
            <div className="flex flex-col gap-1">
              <Dialog.Title className="font-semibold text-base leading-6">{title}</Dialog.Title>
              <Dialog.Description className="text-muted leading-5">{description}</Dialog.Description>
            </div>
            {children}
          </Dialog.Content>
        </PortalRoot>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** Closes the surrounding `DialogShell` (Radix `Dialog.Close`). */
export const DialogClose = Dialog.Close;
