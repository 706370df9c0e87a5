"use client";

import { type ReactElement, useEffect, useState } from "react";
import { useLocale } from "../i18n/context.tsx";
import { format, formatCount } from "../i18n/format.ts";
import { ConfirmDialogShell } from "./confirm-dialog-shell.tsx";

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
  /**
   * How many events the product added to the calendar: above 0 the dialog offers to remove them first
   * ("Also remove the N events this product added").
   */
  removableCount?: number | undefined;
  /** Confirmed; `removeEvents` when the admin chose to remove the events first. */
  onConfirm: (removeEvents: boolean) => void;
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
  removableCount = 0,
  onConfirm,
  onCloseAutoFocus,
  className,
}: DisconnectDialogProps): ReactElement {
  const { messages, locale } = useLocale();
  const values = { provider: providerName, calendar: calendarName ?? "" };
  const [remove, setRemove] = useState(false);
  // Removing is a choice made each time, never carried over from the last dialog.
  useEffect(() => {
    if (open) setRemove(false);
  }, [open]);
  return (
    <ConfirmDialogShell
      open={open}
      onOpenChange={onOpenChange}
      slot="disconnect-dialog"
      confirmSlot="disconnect-confirm"
      confirmLabel={messages.disconnectConfirm}
      pendingLabel={messages.disconnecting}
      pending={pending}
      error={error}
      onConfirm={() => onConfirm(remove)}
      title={format(messages.disconnectTitle, values)}
      description={format(
        // Removing them: "Events … stay there" would no longer be true.
        calendarName && !remove ? messages.disconnectDescription : messages.disconnectDescriptionNoCalendar,
        values,
      )}
      onCloseAutoFocus={onCloseAutoFocus}
      className={className}
    >
      {removableCount > 0 ? (
        <label data-slot="disconnect-remove-events" className="option items-start border-line">
          <input
            type="checkbox"
            checked={remove}
            disabled={pending}
            onChange={(event) => setRemove(event.currentTarget.checked)}
            className="focus-ring mt-0.5 size-4 shrink-0 accent-accent"
          />
          <span className="flex min-w-0 flex-col">
            <span className="font-medium">
              {formatCount(removableCount, locale, {
                none: messages.disconnectRemoveOther,
                one: messages.disconnectRemoveOne,
                other: messages.disconnectRemoveOther,
              })}
            </span>
            {calendarName ? (
              <span className="caption text-muted">{format(messages.disconnectRemoveHint, values)}</span>
            ) : null}
          </span>
        </label>
      ) : null}
    </ConfirmDialogShell>
  );
}
