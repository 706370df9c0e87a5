"use client";

import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { DialogClose, DialogShell } from "./dialog-shell.tsx";
import { Button } from "./primitives.tsx";

/** Props of `RegenerateFeedDialog`. */
export interface RegenerateFeedDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The request is in flight. */
  pending?: boolean;
  /** Why the last attempt failed. */
  error?: string | null | undefined;
  onConfirm: () => void;
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
}

/** Warns before a feed's link is replaced: the old link stops working at once. */
export function RegenerateFeedDialog({
  open,
  onOpenChange,
  pending = false,
  error,
  onConfirm,
  onCloseAutoFocus,
}: RegenerateFeedDialogProps): ReactElement {
  const { messages } = useLocale();
  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
      role="alertdialog"
      slot="regenerate-feed-dialog"
      state={pending ? "pending" : error ? "error" : "idle"}
      title={messages.regenerateTitle}
      description={messages.regenerateDescription}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      {error ? (
        <p role="alert" className="text-danger-fg leading-5">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <DialogClose asChild>
          <Button disabled={pending}>{messages.cancel}</Button>
        </DialogClose>
        <Button variant="danger" pending={pending} onClick={onConfirm} data-slot="regenerate-feed-confirm">
          {pending ? messages.regenerating : messages.regenerateConfirm}
        </Button>
      </div>
    </DialogShell>
  );
}
