import type { ComponentProps, ReactElement } from "react";
import { cn } from "../cn.ts";

const VARIANTS = {
  primary: "btn-primary",
  secondary: "btn-secondary",
  ghost: "btn-ghost",
  danger: "btn-danger",
  link: "btn-link",
} as const;

/** The look of a `Button`. */
export type ButtonVariant = keyof typeof VARIANTS;

/** Props of `Button`: a `<button>`'s, plus its variant and pending state. */
export interface ButtonProps extends ComponentProps<"button"> {
  variant?: ButtonVariant;
  /** Shows a spinner and ignores presses while keeping focus (aria-disabled, not disabled). */
  pending?: boolean;
}

/** The kit's one button. */
export function Button({
  variant = "secondary",
  pending = false,
  className,
  children,
  onClick,
  type = "button",
  ...props
}: ButtonProps): ReactElement {
  return (
    <button
      type={type}
      data-slot="button"
      data-variant={variant}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      className={cn("btn focus-ring", VARIANTS[variant], className)}
      onClick={(event) => {
        if (pending) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
      {...props}
    >
      {pending ? <Spinner /> : null}
      {children}
    </button>
  );
}

/** A small spinning ring, hidden from assistive technology (the label says what is going on). */
export function Spinner({ className }: { className?: string }): ReactElement {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      fill="none"
      data-slot="spinner"
      className={cn("size-4 animate-spin motion-reduce:animate-none", className)}
    >
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

/** A 16px stroke icon from one path. */
export function Glyph({ d, className }: { d: string; className?: string }): ReactElement {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 16 16"
      fill="none"
      className={cn("size-4 shrink-0", className)}
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

/** The kit's 16px stroke icons, as SVG path data for `Glyph`. */
export const GLYPHS = {
  check: "M3.5 8.5l3 3 6-7",
  close: "M4 4l8 8M12 4l-8 8",
  dots: "M3.5 8h.01M8 8h.01M12.5 8h.01",
  alert: "M8 5v3.5M8 11h.01M8 1.5l6.5 12h-13z",
  info: "M8 7.5V11M8 5h.01M14.5 8a6.5 6.5 0 1 1-13 0 6.5 6.5 0 0 1 13 0z",
  calendar: "M2.5 4.5h11v9h-11zM2.5 7h11M5.5 2.5v3M10.5 2.5v3",
  refresh: "M13.5 8a5.5 5.5 0 1 1-1.6-3.9M13.5 2.5v3h-3",
  send: "M14 2L7 9M14 2l-4.5 12-2.5-5-5-2.5z",
  copy: "M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3",
  unlink: "M6.5 9.5l3-3M4.5 7.5l-1 1a2.5 2.5 0 0 0 3.5 3.5l1-1M11.5 8.5l1-1A2.5 2.5 0 0 0 9 4l-1 1",
} as const;

/** A pulsing placeholder block. */
export function Bone({ className }: { className?: string }): ReactElement {
  return <span aria-hidden="true" data-slot="skeleton-bone" className={cn("bone", className)} />;
}
