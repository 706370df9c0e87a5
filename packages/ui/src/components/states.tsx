"use client";

import type { ComponentProps, ReactElement, ReactNode } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { Bone, Button, GLYPHS, Glyph } from "./primitives.tsx";

/** Props of `EmptyState`; title and description default to the catalog's. */
export interface EmptyStateProps extends Omit<ComponentProps<"div">, "title"> {
  title?: string;
  description?: string;
}

/** No connection yet: says so, and points at the provider cards below. */
export function EmptyState({ title, description, className, ...props }: EmptyStateProps): ReactElement {
  const { messages } = useLocale();
  return (
    <div
      data-slot="empty-state"
      className={cn("flex items-center gap-3 rounded-md border border-dashed border-line p-4", className)}
      {...props}
    >
      <span className="tile rounded-full bg-subtle text-muted">
        <Glyph d={GLYPHS.calendar} />
      </span>
      <div className="flex flex-col gap-0.5">
        <p className="font-medium text-fg">{title ?? messages.emptyTitle}</p>
        <p className="text-muted">{description ?? messages.emptyDescription}</p>
      </div>
    </div>
  );
}

/** Props of `ErrorState`; title and description default to the catalog's. */
export interface ErrorStateProps extends Omit<ComponentProps<"div">, "title"> {
  title?: string;
  /** What went wrong, e.g. the API's message for the error code. */
  description?: ReactNode;
  /** Called by the Retry button; no button without it. */
  onRetry?: () => void;
  retrying?: boolean;
}

/** Loading failed: what happened and a retry. */
export function ErrorState({
  title,
  description,
  onRetry,
  retrying = false,
  className,
  ...props
}: ErrorStateProps): ReactElement {
  const { messages } = useLocale();
  return (
    <div
      role="alert"
      data-slot="error-state"
      data-state={retrying ? "retrying" : "idle"}
      className={cn("card flex flex-col items-start gap-3 p-4 sm:flex-row sm:items-center", className)}
      {...props}
    >
      <span className="tile rounded-full bg-danger-soft text-danger-fg">
        <Glyph d={GLYPHS.alert} />
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <p className="font-medium text-fg">{title ?? messages.loadErrorTitle}</p>
        <p className="text-muted">{description ?? messages.loadErrorDescription}</p>
      </div>
      {onRetry ? (
        <Button pending={retrying} onClick={onRetry}>
          {messages.retry}
        </Button>
      ) : null}
    </div>
  );
}

/** The shape of a status panel while connections load. */
export function ConnectionPanelSkeleton({ className, ...props }: ComponentProps<"div">): ReactElement {
  return (
    <div
      data-slot="connection-status-panel-skeleton"
      aria-hidden="true"
      className={cn("card", className)}
      {...props}
    >
      <div className="flex items-start gap-3 p-4">
        <Bone className="size-8" />
        <div className="flex flex-1 flex-col gap-1.5 py-0.5">
          <Bone className="h-4 w-44" />
          <Bone className="h-3.5 w-36" />
        </div>
        <Bone className="size-8" />
      </div>
      <div className="flex justify-between gap-4 border-line border-t px-4 py-3.5">
        <Bone className="h-3.5 w-40" />
        <Bone className="h-3.5 w-32" />
      </div>
    </div>
  );
}

/** The shape of a provider card while the catalog loads. */
export function ProviderCardSkeleton({ className, ...props }: ComponentProps<"div">): ReactElement {
  return (
    <div
      data-slot="provider-card-skeleton"
      aria-hidden="true"
      className={cn("card flex flex-col gap-3 p-4", className)}
      {...props}
    >
      <div className="flex items-start gap-3">
        <Bone className="size-8" />
        <div className="flex flex-1 flex-col gap-1.5 py-0.5">
          <Bone className="h-4 w-28" />
          <Bone className="h-3.5 w-full" />
          <Bone className="h-3.5 w-2/3" />
        </div>
      </div>
      <Bone className="h-3 w-32" />
      <Bone className="h-8 w-full" />
    </div>
  );
}

/** Props of `Banner`: its tone, content and dismiss. */
export interface BannerProps extends Omit<ComponentProps<"div">, "title"> {
  tone: "success" | "error" | "info";
  /** Called by the dismiss button; no button without it. */
  onDismiss?: () => void;
  children: ReactNode;
}

const BANNER_TONE = {
  success: ["border-success-line bg-success-soft text-success", GLYPHS.check],
  error: ["border-danger-line bg-danger-soft text-danger-fg", GLYPHS.alert],
  info: ["border-line bg-subtle text-fg", GLYPHS.info],
} as const;

/** A dismissible message at the top of the page, e.g. the outcome of the OAuth round trip. */
export function Banner({ tone, onDismiss, children, className, ...props }: BannerProps): ReactElement {
  const { messages } = useLocale();
  const [toneClass, glyph] = BANNER_TONE[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-slot="banner"
      data-state={tone}
      className={cn("flex items-start gap-2 rounded-md border px-3 py-2.5", toneClass, className)}
      {...props}
    >
      <Glyph d={glyph} className="mt-0.5" />
      <div className="min-w-0 flex-1">{children}</div>
      {onDismiss ? (
        <Button
          variant="ghost"
          aria-label={messages.dismiss}
          onClick={onDismiss}
          className="-my-1 -mr-1.5 size-7 px-0 text-current hover:bg-current/10"
        >
          <Glyph d={GLYPHS.close} />
        </Button>
      ) : null}
    </div>
  );
}
