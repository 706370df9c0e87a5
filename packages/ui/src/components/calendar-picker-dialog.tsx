"use client";

import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { CalendarPicker, type CalendarPickerProps } from "./calendar-picker.tsx";
import { DialogShell } from "./dialog-shell.tsx";

/** Props of `CalendarPickerDialog`: the picker's, plus the dialog's. */
export interface CalendarPickerDialogProps extends CalendarPickerProps {
  open: boolean;
  /** Called when the dialog asks to open or close (Escape, the close button, Cancel). */
  onOpenChange: (open: boolean) => void;
  /** Where focus goes on close; by default back to what opened the dialog. */
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
}

/** The calendar picker in a modal (Radix Dialog), titled "Choose a calendar". */
export function CalendarPickerDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  ...picker
}: CalendarPickerDialogProps): ReactElement {
  const { messages } = useLocale();
  return (
    <DialogShell
      open={open}
      onOpenChange={onOpenChange}
      slot="calendar-picker-dialog"
      state={picker.state}
      title={messages.pickerTitle}
      description={messages.pickerDescription}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <CalendarPicker {...picker} />
    </DialogShell>
  );
}
