"use client";

import type { SyncActivity } from "@org/calendar-connections-core";
import type { ReactElement } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { Button } from "./primitives.tsx";
import { WithTime } from "./relative-time.tsx";

/** Props of `ActivitySummary`. */
export interface ActivitySummaryProps {
  activity: SyncActivity;
  providerName: string;
  /** Opens the failing events; offered while there are any. */
  onView?: (() => void) | undefined;
  className?: string | undefined;
}

/** "12 synced · 3 waiting · 2 failing · View", and the last error under it. */
export function ActivitySummary({
  activity,
  providerName,
  onView,
  className,
}: ActivitySummaryProps): ReactElement {
  const { messages, locale } = useLocale();
  const { counts, lastError } = activity;
  const number = (value: number): string => new Intl.NumberFormat(locale).format(value);
  return (
    <div data-slot="connection-activity" className={cn("flex min-w-0 flex-col gap-0.5", className)}>
      <p className="flex flex-wrap items-center gap-x-1.5 text-muted">
        <span>{format(messages.activitySynced, { count: number(counts.synced) })}</span>
        <span aria-hidden="true">·</span>
        <span>{format(messages.activityWaiting, { count: number(counts.waiting) })}</span>
        <span aria-hidden="true">·</span>
        <span className={counts.failing > 0 ? "font-medium text-danger-fg" : undefined}>
          {format(messages.activityFailing, { count: number(counts.failing) })}
        </span>
        {counts.failing > 0 && onView ? (
          <Button
            variant="link"
            aria-label={format(messages.activityViewFor, { provider: providerName })}
            onClick={onView}
          >
            {messages.activityView}
          </Button>
        ) : null}
      </p>
      {lastError ? (
        <p data-slot="connection-last-error" className="caption break-words text-muted">
          <WithTime
            template={format(messages.lastError, {
              message: lastError.reason ? messages.reasons[lastError.reason] : lastError.message,
            })}
            value={lastError.at}
          />
        </p>
      ) : null}
    </div>
  );
}
