import type { ConnectionStatus } from "@org/calendar-connections-core";
import type { ComponentProps, ReactElement } from "react";
import { cn } from "../cn.ts";

/** Default English labels; each reads on its own, without the badge's color. */
export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  active: "Connected",
  needs_reauth: "Needs reconnect",
  error: "Sync failing",
  disconnected: "Disconnected",
};

const TONE: Record<ConnectionStatus, string> = {
  active: "bg-(--cc-success-soft) text-(--cc-success-fg)",
  needs_reauth: "bg-(--cc-warning-soft) text-(--cc-warning-fg)",
  error: "bg-(--cc-danger-soft) text-(--cc-danger-fg)",
  disconnected: "bg-(--cc-muted) text-(--cc-muted-fg)",
};

// A shape per status, so the state is told by form as well as by color.
const GLYPH: Record<ConnectionStatus, string> = {
  active: "M3.5 8.5l3 3 6-7",
  needs_reauth: "M8 4v5M8 11.5v.5",
  error: "M5 5l6 6M11 5l-6 6",
  disconnected: "M4 8h8",
};

export interface StatusBadgeProps extends Omit<ComponentProps<"span">, "children"> {
  status: ConnectionStatus;
  /** Overrides the label, e.g. from a translated message catalog. */
  label?: string;
}

/** A connection's status as a small pill with an icon and a label. */
export function StatusBadge({ status, label, className, ...props }: StatusBadgeProps): ReactElement {
  return (
    <span
      data-slot="status-badge"
      data-state={status}
      className={cn(
        "inline-flex items-center gap-1 rounded-full px-2 py-0.5 font-medium text-xs leading-4",
        TONE[status],
        className,
      )}
      {...props}
    >
      <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3 shrink-0" fill="none">
        <path d={GLYPH[status]} stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      {label ?? STATUS_LABELS[status]}
    </span>
  );
}
