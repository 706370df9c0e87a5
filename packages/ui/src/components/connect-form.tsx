"use client";

import type { ConnectInput, FormField } from "@org/calendar-connections-core";
import { type ComponentProps, type ReactElement, useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { Button, GLYPHS, Glyph } from "./primitives.tsx";

/** Messages by field name. */
export type ConnectFormFieldErrors = Readonly<Record<string, string>>;

/** Props of `ConnectForm`: a `<form>`'s, plus the provider's fields, the server's errors and the submit. */
export interface ConnectFormProps extends Omit<ComponentProps<"form">, "onSubmit" | "children"> {
  /** The provider's `connect.fields`, in order. */
  fields: readonly FormField[];
  /** The submit button's label (the provider's `connect.submitLabel`); defaults to "Connect". */
  submitLabel?: string | undefined;
  /** Called with the checked values by field name (trimmed, secrets as typed); empty optional fields are left out. */
  onSubmit: (input: ConnectInput) => void;
  /** The request is in flight: the submit button shows a spinner and further submits are ignored. */
  pending?: boolean;
  /** The server's messages by field name, shown under their fields until edited (see `connectFormErrors`). */
  fieldErrors?: ConnectFormFieldErrors | undefined;
  /** The server's answer that belongs to no field, shown above the buttons as an alert. */
  formError?: string | null | undefined;
  /** Values to start from, by field name; else a field's own `defaultValue` (never for secrets). */
  defaultValues?: Readonly<Record<string, string>> | undefined;
  /** Shows a Cancel button. */
  onCancel?: (() => void) | undefined;
}

function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
}

/**
 * The connect form of a `form` provider, rendered from its fields alone: label, help, "Optional" on optional
 * fields, the field's error under it (`aria-invalid`, `aria-describedby`) and focus on the first invalid field
 * after a refused submit or a server answer. The client checks `required` and `maxLength` only; the server
 * judges the rest. Secrets are password inputs, never prefilled.
 */
export function ConnectForm({
  fields,
  submitLabel,
  onSubmit,
  pending = false,
  fieldErrors,
  formError,
  defaultValues = {},
  onCancel,
  className,
  ...props
}: ConnectFormProps): ReactElement {
  const { messages } = useLocale();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(() =>
    Object.fromEntries(
      fields.map((field) => [
        field.name,
        defaultValues[field.name] ?? (field.type === "secret" ? "" : (field.defaultValue ?? "")),
      ]),
    ),
  );
  // The server's errors of its last answer stay until their field is edited; a submit replaces them all.
  const [errors, setErrors] = useState<ConnectFormFieldErrors>({});
  const [shown, setShown] = useState<ConnectFormFieldErrors>();
  if (shown !== fieldErrors) {
    setShown(fieldErrors);
    setErrors(fieldErrors ?? {});
  }
  useEffect(() => {
    if (fieldErrors) focusFirstInvalid(form.current);
  }, [fieldErrors]);
  const invalid = Object.keys(errors).length > 0;

  return (
    <form
      ref={form}
      noValidate
      data-slot="connect-form"
      data-state={pending ? "pending" : invalid || formError ? "invalid" : "idle"}
      aria-busy={pending || undefined}
      className={cn("flex flex-col gap-4", className)}
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        const found: Record<string, string> = {};
        const input: ConnectInput = {};
        for (const field of fields) {
          const raw = values[field.name] ?? "";
          const value = field.type === "secret" ? raw : raw.trim();
          const template =
            field.required && !value.trim()
              ? messages.formRequired
              : value.length > (field.maxLength ?? value.length)
                ? messages.formTooLong
                : null;
          if (template)
            found[field.name] = format(template, { field: field.label, max: `${field.maxLength}` });
          else if (value) input[field.name] = value;
        }
        flushSync(() => setErrors(found));
        if (Object.keys(found).length > 0) focusFirstInvalid(form.current);
        else onSubmit(input);
      }}
      {...props}
    >
      {fields.map((field) => {
        const fieldId = `${id}${field.name}`;
        const error = errors[field.name];
        const describedBy = [field.help && `${fieldId}-help`, error && `${fieldId}-error`].filter(Boolean);
        const control = {
          id: fieldId,
          name: field.name,
          value: values[field.name],
          required: field.required,
          placeholder: field.placeholder,
          autoComplete: field.autoComplete ?? (field.type === "secret" ? "new-password" : "off"),
          spellCheck: false,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": describedBy.join(" ") || undefined,
          onChange: ({ currentTarget }: { currentTarget: { value: string } }) => {
            setValues((current) => ({ ...current, [field.name]: currentTarget.value }));
            if (error) setErrors(({ [field.name]: _, ...rest }) => rest);
          },
          className: "field focus-ring",
          "data-slot": "connect-form-control",
        };
        return (
          <div
            key={field.name}
            data-slot="connect-form-field"
            data-state={error ? "invalid" : "valid"}
            className="flex flex-col gap-1.5"
          >
            <label
              htmlFor={fieldId}
              data-slot="connect-form-label"
              className="flex justify-between gap-2 font-medium"
            >
              {field.label}
              {field.required ? null : <span className="hint font-normal">{messages.formOptional}</span>}
            </label>
            {field.type === "textarea" ? (
              <textarea rows={4} {...control} />
            ) : field.type === "select" ? (
              <select {...control}>
                {field.defaultValue === undefined ? <option value="">{messages.formChoose}</option> : null}
                {field.options?.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                type={field.type === "secret" ? "password" : field.type}
                autoCapitalize="none"
                {...control}
              />
            )}
            {field.help ? (
              <p id={`${fieldId}-help`} data-slot="connect-form-help" className="hint">
                {field.help}
              </p>
            ) : null}
            {error ? (
              <p
                id={`${fieldId}-error`}
                data-slot="connect-form-field-error"
                className="hint flex gap-1 text-danger-fg"
              >
                <Glyph d={GLYPHS.alert} className="size-3.5" />
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
      {formError ? (
        <p role="alert" data-slot="connect-form-error" className="callout bg-danger-soft text-danger-fg">
          <Glyph d={GLYPHS.alert} className="mt-0.5" />
          {formError}
        </p>
      ) : null}
      <div data-slot="connect-form-actions" className="actions">
        {onCancel ? (
          <Button onClick={onCancel} disabled={pending}>
            {messages.cancel}
          </Button>
        ) : null}
        <Button type="submit" variant="primary" pending={pending}>
          {pending ? messages.formSubmitting : (submitLabel ?? messages.formSubmit)}
        </Button>
      </div>
    </form>
  );
}
