"use client";

import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { DialogClose, DialogShell } from "./dialog-shell.tsx";
import { Button } from "./primitives.tsx";

/** Props of `DisconnectDialog`. */
export interface DisconnectDialogProps {
  open: boolean;
  /** Called when the dialog asks to open or close; ignored while the disconnect is pending. */
  onOpenChange: (open: boolean) => void;
  providerName: string;
  calendarName?: string | null | undefined;
  /** The request is in flight: the confirm button shows "Disconnecting…". */
  pending?: boolean;
  /** A message to show when the last attempt failed. */
  error?: string | null | undefined;
  /** Called by the Disconnect button. */
  onConfirm: () => void;
  /** Where focus goes when the dialog closes (Radix's event); default: back to what opened it. */
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
  className?: string;
}

/** Asks before disconnecting, and says what it does: access revoked at the provider, syncing stops. */
export function DisconnectDialog({
  open,
  onOpenChange,
  providerName,
  calendarName,
  pending = false,
  error,
  onConfirm,
  onCloseAutoFocus,
  className,
}: DisconnectDialogProps): ReactElement {
  const { messages } = useLocale();
  const values = { provider: providerName, calendar: calendarName ?? "" };
  return (
    <DialogShell
      open={open}
      onOpenChange={(next) => {
        if (!pending) onOpenChange(next);
      }}
      role="alertdialog"
      slot="disconnect-dialog"
      state={pending ? "pending" : error ? "error" : "idle"}
      title={format(messages.disconnectTitle, values)}
      description={format(
        calendarName ? messages.disconnectDescription : messages.disconnectDescriptionNoCalendar,
        values,
      )}
      onCloseAutoFocus={onCloseAutoFocus}
      className={className}
    >
      {error ? (
        <p role="alert" data-slot="disconnect-dialog-error" className="text-danger-fg leading-5">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <DialogClose asChild>
          <Button disabled={pending}>{messages.cancel}</Button>
        </DialogClose>
        <Button variant="danger" pending={pending} onClick={onConfirm} data-slot="disconnect-confirm">
          {pending ? messages.disconnecting : messages.disconnectConfirm}
        </Button>
      </div>
    </DialogShell>
  );
}
