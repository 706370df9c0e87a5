"use client";

import type { ReactElement, ReactNode } from "react";
import { useLocale } from "../i18n/context.tsx";
import { DialogClose, DialogShell } from "./dialog-shell.tsx";
import { Button } from "./primitives.tsx";

/** Props of `ConfirmDialogShell`. */
export interface ConfirmDialogShellProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  /** The dialog's `data-slot`; its error is `<slot>-error`. */
  slot: string;
  /** The confirm button's `data-slot`. */
  confirmSlot: string;
  confirmLabel: string;
  /** The confirm button's label while the request is in flight. */
  pendingLabel: string;
  /** The request is in flight: the dialog cannot be closed and both buttons wait. */
  pending: boolean;
  /** Why the last attempt failed. */
  error?: string | null | undefined;
  onConfirm: () => void;
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
  className?: string | undefined;
  /** What the admin may choose before confirming, above the error and the buttons. */
  children?: ReactNode;
}

/** An alert dialog that asks before a destructive action: Cancel, and a danger button that shows its request. */
export function ConfirmDialogShell({
  open,
  onOpenChange,
  slot,
  confirmSlot,
  confirmLabel,
  pendingLabel,
  pending,
  error,
  onConfirm,
  children,
  ...shell
}: ConfirmDialogShellProps): ReactElement {
  const { messages } = useLocale();
  return (
    <DialogShell
      {...shell}
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
      role="alertdialog"
      slot={slot}
      state={pending ? "pending" : error ? "error" : "idle"}
    >
      {children}
      {error ? (
        <p role="alert" data-slot={`${slot}-error`} className="text-danger-fg leading-5">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <DialogClose asChild>
          <Button disabled={pending}>{messages.cancel}</Button>
        </DialogClose>
        <Button variant="danger" pending={pending} onClick={onConfirm} data-slot={confirmSlot}>
          {pending ? pendingLabel : confirmLabel}
        </Button>
      </div>
    </DialogShell>
  );
}
