"use client";

import { type ReactElement, useEffect, useId, useState } from "react";
import type { ExistingEvents } from "../data/client.ts";
import { useLocale } from "../i18n/context.tsx";
import { format, formatCount } from "../i18n/format.ts";
import { DialogClose, DialogShell } from "./dialog-shell.tsx";
import { Button } from "./primitives.tsx";

/** Props of `ExistingEventsDialog`. */
export interface ExistingEventsDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** How many events the product synced into the calendar being left. */
  count: number;
  /** The calendar being left, and the one chosen. */
  fromName: string;
  toName: string;
  /** Saves the change with the admin's choice. */
  onChoose: (choice: ExistingEvents) => void;
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
}

/**
 * Asked after the admin picks another calendar while events are synced: move them into the new calendar
 * (removed there, created here, through the sync queue) or leave them where they are.
 */
export function ExistingEventsDialog({
  open,
  onOpenChange,
  count,
  fromName,
  toName,
  onChoose,
  onCloseAutoFocus,
}: ExistingEventsDialogProps): ReactElement {
  const { messages, locale } = useLocale();
  const name = useId();
  const [choice, setChoice] = useState<ExistingEvents>("move");
  // Every question starts from the suggested answer.
  useEffect(() => {
    if (open) setChoice("move");
  }, [open]);
  const values = { from: fromName, to: toName };
  const options: Array<[ExistingEvents, string, string]> = [
    ["move", messages.moveOption, messages.moveOptionHint],
    ["leave", messages.leaveOption, messages.leaveOptionHint],
  ];
  return (
    <DialogShell
      open={open}
      onOpenChange={onOpenChange}
      slot="existing-events-dialog"
      title={messages.moveTitle}
      description={format(
        formatCount(count, locale, {
          none: messages.moveDescriptionOther,
          one: messages.moveDescriptionOne,
          other: messages.moveDescriptionOther,
        }),
        values,
      )}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          onChoose(choice);
        }}
      >
        <fieldset className="flex flex-col gap-1">
          <legend className="sr-only">{messages.moveTitle}</legend>
          {options.map(([value, label, hint]) => (
            <label
              key={value}
              data-slot="existing-events-option"
              data-state={choice === value ? "checked" : "unchecked"}
              className="option items-start"
            >
              <input
                type="radio"
                name={name}
                value={value}
                checked={choice === value}
                onChange={() => setChoice(value)}
                className="focus-ring mt-0.5 size-4 shrink-0 accent-accent"
              />
              <span className="flex min-w-0 flex-col">
                <span className="font-medium">{format(label, values)}</span>
                <span className="caption text-muted">{format(hint, values)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <DialogClose asChild>
            <Button>{messages.cancel}</Button>
          </DialogClose>
          <Button type="submit" variant="primary" data-slot="existing-events-confirm">
            {messages.moveConfirm}
          </Button>
        </div>
      </form>
    </DialogShell>
  );
}
