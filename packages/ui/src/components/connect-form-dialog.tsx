"use client";

import type { ReactElement, ReactNode } from "react";
import { ConnectForm, type ConnectFormProps } from "./connect-form.tsx";
import { DialogShell } from "./dialog-shell.tsx";

/** Props of `ConnectFormDialog`: the form's, plus the dialog's. */
export interface ConnectFormDialogProps
  extends Pick<
    ConnectFormProps,
    "fields" | "submitLabel" | "onSubmit" | "pending" | "fieldErrors" | "formError" | "defaultValues"
  > {
  open: boolean;
  /** Closing is refused while the request is pending. */
  onOpenChange: (open: boolean) => void;
  /** E.g. "Connect Acme Calendar" or "Reconnect Acme Calendar". */
  title: string;
  description: ReactNode;
  /** Where focus goes on close; by default back to what opened the dialog. */
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
  className?: string | undefined;
}

/**
 * A `ConnectForm` in a modal (Radix Dialog): focus moves to the first field, stays inside while open, and
 * returns on close. The page opens it for a `form` provider's card and for its connections' Reconnect.
 */
export function ConnectFormDialog({
  open,
  onOpenChange,
  title,
  description,
  onCloseAutoFocus,
  className,
  pending = false,
  ...form
}: ConnectFormDialogProps): ReactElement {
  const close = (next: boolean): void => {
    if (!pending) onOpenChange(next);
  };
  return (
    <DialogShell
      open={open}
      onOpenChange={close}
      slot="connect-form-dialog"
      state={
        pending
          ? "pending"
          : form.formError || Object.keys(form.fieldErrors ?? {}).length > 0
            ? "invalid"
            : "idle"
      }
      title={title}
      description={description}
      onCloseAutoFocus={onCloseAutoFocus}
      className={className}
    >
      <ConnectForm pending={pending} onCancel={() => close(false)} {...form} />
    </DialogShell>
  );
}
