"use client";

import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { ConfirmDialogShell } from "./confirm-dialog-shell.tsx";

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
    <ConfirmDialogShell
      open={open}
      onOpenChange={onOpenChange}
      slot="regenerate-feed-dialog"
      confirmSlot="regenerate-feed-confirm"
      confirmLabel={messages.regenerateConfirm}
      pendingLabel={messages.regenerating}
      pending={pending}
      error={error}
      onConfirm={onConfirm}
      title={messages.regenerateTitle}
      description={messages.regenerateDescription}
      onCloseAutoFocus={onCloseAutoFocus}
    />
  );
}
