"use client";

import type { Calendar } from "@org/calendar-connections-core";
import { type ComponentProps, type ReactElement, useId, useState } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { Bone, Button } from "./primitives.tsx";

/** Whether the account's calendars are loading, failed to load, or listed. */
export type CalendarPickerState = "loading" | "error" | "ready";

/** Props of `CalendarPicker`: a `<form>`'s, plus the calendars and the choice. */
export interface CalendarPickerProps extends Omit<ComponentProps<"form">, "onSubmit" | "onSelect"> {
  state: CalendarPickerState;
  calendars?: readonly Calendar[] | undefined;
  /** The calendar selected now; preselected in the list. */
  selectedId?: string | null | undefined;
  /** Saving the choice is in flight. */
  pending?: boolean;
  /** Called with the chosen calendar when the admin confirms it. */
  onSelect: (calendar: Calendar) => void;
  /** Called when the admin leaves without choosing; no Cancel button without it. */
  onCancel?: (() => void) | undefined;
  /** Called by the error state's Retry; no Retry button without it. */
  onRetry?: (() => void) | undefined;
}

function initialChoice(calendars: readonly Calendar[], selectedId: string | null | undefined): string | null {
  const writable = calendars.filter((calendar) => calendar.canWrite);
  const current = writable.find((calendar) => calendar.id === selectedId);
  return (current ?? writable.find((calendar) => calendar.primary) ?? writable[0])?.id ?? null;
}

/** The calendars of the connected account as a radio list; read-only ones are shown but cannot be chosen. */
export function CalendarPicker({
  state,
  calendars = [],
  selectedId,
  pending = false,
  onSelect,
  onCancel,
  onRetry,
  className,
  ...props
}: CalendarPickerProps): ReactElement {
  const { messages } = useLocale();
  const name = useId();
  const [choice, setChoice] = useState<string | null>(null);
  const chosen = choice ?? initialChoice(calendars, selectedId);
  const selected = calendars.find((calendar) => calendar.id === chosen && calendar.canWrite);
  return (
    <form
      data-slot="calendar-picker"
      data-state={state}
      aria-busy={state === "loading" || pending || undefined}
      className={cn("flex flex-col gap-4", className)}
      onSubmit={(event) => {
        event.preventDefault();
        if (selected && !pending) onSelect(selected);
      }}
      {...props}
    >
      {state === "loading" ? (
        <div className="flex flex-col gap-2" data-slot="calendar-picker-skeleton">
          <span className="sr-only" role="status">
            {messages.loading}
          </span>
          {[0, 1, 2].map((row) => (
            <div key={row} className="flex h-10 items-center gap-3 px-3">
              <Bone className="size-4 rounded-full" />
              <Bone className="h-4 w-40" />
            </div>
          ))}
        </div>
      ) : state === "error" ? (
        <div className="flex items-center justify-between gap-3" data-slot="calendar-picker-error">
          <p role="alert" className="text-danger-fg">
            {messages.pickerLoadError}
          </p>
          {onRetry ? <Button onClick={onRetry}>{messages.retry}</Button> : null}
        </div>
      ) : calendars.some((calendar) => calendar.canWrite) ? (
        <fieldset className="flex flex-col gap-1" data-slot="calendar-picker-list">
          <legend className="sr-only">{messages.pickerTitle}</legend>
          {calendars.map((calendar) => (
            <label
              key={calendar.id}
              data-slot="calendar-picker-option"
              data-state={calendar.id === chosen ? "checked" : "unchecked"}
              data-disabled={!calendar.canWrite || undefined}
              className="option"
            >
              <input
                type="radio"
                name={name}
                value={calendar.id}
                checked={calendar.id === chosen}
                disabled={!calendar.canWrite}
                onChange={() => setChoice(calendar.id)}
                className={"focus-ring size-4 shrink-0 accent-accent"}
              />
              <span
                aria-hidden="true"
                className="size-2.5 shrink-0 rounded-full border border-line"
                style={{ background: calendar.color ?? "transparent" }}
              />
              <span className="min-w-0 flex-1 truncate">{calendar.name}</span>
              {calendar.primary ? (
                <span className="hint rounded-full border border-line px-1.5">{messages.pickerPrimary}</span>
              ) : null}
              {calendar.canWrite ? null : (
                <span className="text-xs leading-4">{messages.pickerReadOnly}</span>
              )}
            </label>
          ))}
        </fieldset>
      ) : (
        <p data-slot="calendar-picker-empty" className="text-muted">
          {messages.pickerEmpty}
        </p>
      )}
      <div className="actions">
        {onCancel ? (
          <Button onClick={onCancel} disabled={pending}>
            {messages.cancel}
          </Button>
        ) : null}
        <Button type="submit" variant="primary" pending={pending} disabled={!selected}>
          {pending ? messages.saving : messages.save}
        </Button>
      </div>
    </form>
  );
}
