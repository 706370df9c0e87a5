import { LIMITS } from "@org/calendar-connections-core";
import { type ComponentProps, type ReactElement, useId, useState } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import type { Messages } from "../i18n/en.ts";
import { Button } from "./primitives.tsx";

export interface ServiceAccountFormProps extends Omit<ComponentProps<"form">, "onSubmit"> {
  onSubmit: (calendarId: string) => void;
  pending?: boolean;
  /** The server's answer to the last attempt, shown under the field. */
  error?: string | null | undefined;
  defaultCalendarId?: string;
}

/** What is wrong with a calendar id, or null. Google calendar ids look like an address: name@domain. */
export function validateCalendarId(value: string, messages: Messages): string | null {
  const id = value.trim();
  if (id.length === 0) return messages.serviceAccountRequired;
  if (id.length > LIMITS.calendarId) return messages.serviceAccountTooLong;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(id)) return messages.serviceAccountInvalid;
  return null;
}

/** Manual entry of a known calendar id, for the legacy Google service account. */
export function ServiceAccountForm({
  onSubmit,
  pending = false,
  error,
  defaultCalendarId = "",
  className,
  ...props
}: ServiceAccountFormProps): ReactElement {
  const { messages } = useLocale();
  const id = useId();
  const [value, setValue] = useState(defaultCalendarId);
  const [invalid, setInvalid] = useState<string | null>(null);
  const shown = invalid ?? error ?? null;
  return (
    <form
      noValidate
      data-slot="service-account-form"
      data-state={pending ? "pending" : shown ? "invalid" : "idle"}
      className={cn("flex flex-col gap-2", className)}
      onSubmit={(event) => {
        event.preventDefault();
        if (pending) return;
        const problem = validateCalendarId(value, messages);
        setInvalid(problem);
        if (problem === null) onSubmit(value.trim());
      }}
      {...props}
    >
      <label htmlFor={`${id}-input`} className="font-medium">
        {messages.serviceAccountTitle}
      </label>
      <input
        id={`${id}-input`}
        name="calendarId"
        value={value}
        autoComplete="off"
        spellCheck={false}
        maxLength={LIMITS.calendarId}
        aria-invalid={shown ? true : undefined}
        aria-describedby={`${id}-hint${shown ? ` ${id}-error` : ""}`}
        onChange={(event) => {
          setValue(event.target.value);
          if (invalid) setInvalid(null);
        }}
        className={cn(
          "h-8 w-full rounded-sm border border-line-strong bg-surface px-2.5 text-fg text-sm placeholder:text-muted aria-invalid:border-danger-fg",
          "focus-ring",
        )}
        placeholder="team@example.com"
      />
      <p id={`${id}-hint`} className="text-muted caption">
        {messages.serviceAccountHint}
      </p>
      {shown ? (
        <p id={`${id}-error`} role="alert" className="text-danger-fg caption">
          {shown}
        </p>
      ) : null}
      <Button type="submit" variant="primary" pending={pending} className="mt-1 w-full">
        {pending ? messages.creating : messages.serviceAccountSubmit}
      </Button>
    </form>
  );
}
