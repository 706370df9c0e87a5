"use client";

import type { ConnectionStatus } from "@org/calendar-connections-core";
import type { ComponentProps, ReactElement } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { en } from "../i18n/en.ts";

/** Default English labels; each reads on its own, without the badge's color. */
export const STATUS_LABELS: Record<ConnectionStatus, string> = en.status;

const TONE: Record<ConnectionStatus, string> = {
  active: "bg-success-soft text-success",
  needs_reauth: "bg-warning-soft text-warning",
  error: "bg-danger-soft text-danger-fg",
  disconnected: "bg-subtle text-muted",
};

// A shape per status, so the state is told by form as well as by color.
const GLYPH: Record<ConnectionStatus, string> = {
  active: "M3.5 8.5l3 3 6-7",
  needs_reauth: "M8 4v5M8 11.5v.5",
  error: "M5 5l6 6M11 5l-6 6",
  disconnected: "M4 8h8",
};

/** Props of `StatusBadge`: a `<span>`'s, plus the status. */
export interface StatusBadgeProps extends Omit<ComponentProps<"span">, "children"> {
  status: ConnectionStatus;
  /** Overrides the label; by default it comes from the message catalog. */
  label?: string;
}

/** A connection's status as a small pill with an icon and a label. */
export function StatusBadge({ status, label, className, ...props }: StatusBadgeProps): ReactElement {
  const { messages } = useLocale();
  return (
    <span
      data-slot="status-badge"
      data-state={status}
      className={cn(
        "inline-flex h-5 items-center gap-1 whitespace-nowrap rounded-full px-2 font-medium caption",
        TONE[status],
        className,
      )}
      {...props}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3 shrink-0" fill="none">
        <path d={GLYPH[status]} stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      {label ?? messages.status[status]}
    </span>
  );
}
