"use client";

import type { AuditEntry, FailingEvent } from "@org/calendar-connections-core";
import type { ReactElement } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format, formatCount } from "../i18n/format.ts";
import { AuditHistory } from "./audit-history.tsx";
import { DialogClose, DialogShell } from "./dialog-shell.tsx";
import { Bone, Button } from "./primitives.tsx";
import { WithTime } from "./relative-time.tsx";

/** Props of `ActivityDialog`: a connection's failing events (for those that write events) and its history. */
export interface ActivityDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  providerName: string;
  /** Whether the connection has failing events to list at all (a feed has none): the section is left out. */
  writes: boolean;
  state: "loading" | "error" | "ready";
  /** The history could not be read: an error with Retry instead of the list. */
  historyFailed?: boolean | undefined;
  onReloadHistory?: (() => void) | undefined;
  /** The audit log, newest first; undefined while it loads. */
  history?: readonly AuditEntry[] | undefined;
  /** The pages read so far, most recently failed first. */
  events: readonly FailingEvent[];
  /** Another page can be read ("Load more"); `loadingMore` while it is. */
  hasMore?: boolean;
  loadingMore?: boolean;
  onLoadMore?: (() => void) | undefined;
  onReload?: (() => void) | undefined;
  /** "Retry" on one event; `retryingId` is the one in flight. */
  onRetry: (event: FailingEvent) => void;
  retryingId?: string | undefined;
  /** "Retry all failed": requeues the events that gave up; offered while any did. */
  onRetryAll?: (() => void) | undefined;
  retryingAll?: boolean;
  /** What the last retry did (or why it failed), shown and announced in the dialog. */
  notice?: { tone: "success" | "error"; text: string } | null | undefined;
  onCloseAutoFocus?: ((event: Event) => void) | undefined;
}

/** The title an event is listed under: the host's, or "Deleted event" once the host no longer has it. */
export function failingEventTitle(event: FailingEvent, untitled: string): string {
  return event.title ?? untitled;
}

function EventRow({
  event,
  pending,
  onRetry,
}: {
  event: FailingEvent;
  pending: boolean;
  onRetry: () => void;
}): ReactElement {
  const { messages, locale } = useLocale();
  const title = failingEventTitle(event, messages.failingUntitled);
  const attempts = formatCount(event.attempts, locale, {
    none: messages.failingAttemptsOther,
    one: messages.failingAttemptsOne,
    other: messages.failingAttemptsOther,
  });
  return (
    <li data-slot="failing-event" data-state={event.status} className="flex items-start gap-3 py-3">
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <p className="truncate font-medium text-fg">{title}</p>
        <p className="caption text-muted">
          <span className={event.status === "failed" ? "text-danger-fg" : undefined}>
            {event.status === "failed" ? messages.failingGaveUp : messages.failingRetrying}
          </span>
          {" · "}
          {attempts}
          {event.nextAttemptAt ? (
            <>
              {" · "}
              <WithTime template={messages.retryAt} value={event.nextAttemptAt} />
            </>
          ) : null}
        </p>
        {event.lastError ? <p className="caption break-words text-muted">{event.lastError}</p> : null}
      </div>
      <Button
        pending={pending}
        onClick={onRetry}
        aria-label={format(messages.retryEventFor, { event: title })}
        className="shrink-0"
      >
        {messages.retryEvent}
      </Button>
    </li>
  );
}

/** The failing events of a connection in a modal (Radix Dialog): each with "Retry", then "Retry all failed". */
export function ActivityDialog({
  open,
  onOpenChange,
  providerName,
  writes,
  state,
  history,
  historyFailed = false,
  onReloadHistory,
  events,
  hasMore = false,
  loadingMore = false,
  onLoadMore,
  onReload,
  onRetry,
  retryingId,
  onRetryAll,
  retryingAll = false,
  notice,
  onCloseAutoFocus,
}: ActivityDialogProps): ReactElement {
  const { messages } = useLocale();
  return (
    <DialogShell
      open={open}
      onOpenChange={onOpenChange}
      slot="activity-dialog"
      state={state}
      title={messages.activityTitle}
      description={format(messages.activityDescription, { provider: providerName })}
      onCloseAutoFocus={onCloseAutoFocus}
      className="max-w-lg"
    >
      {/* Outside the modal the page's live region is hidden from assistive technology: this one speaks. */}
      <p
        role="status"
        data-slot="failing-events-notice"
        data-state={notice?.tone}
        className={cn("empty:hidden", notice?.tone === "error" ? "text-danger-fg" : "text-success")}
      >
        {notice?.text ?? ""}
      </p>
      {writes ? (
        <section aria-labelledby="cc-failing-heading" className="flex flex-col gap-2">
          <h3 id="cc-failing-heading" className="font-medium">
            {messages.failingTitle}
          </h3>
          {state === "loading" ? (
            <div aria-busy="true" className="flex flex-col gap-3">
              <span className="sr-only">{messages.loading}</span>
              {[0, 1, 2].map((row) => (
                <Bone key={row} className="h-10 w-full" />
              ))}
            </div>
          ) : state === "error" ? (
            <div className="flex items-center justify-between gap-3">
              <p role="alert" className="text-danger-fg">
                {messages.failingLoadError}
              </p>
              {onReload ? <Button onClick={onReload}>{messages.retry}</Button> : null}
            </div>
          ) : events.length === 0 ? (
            <p className="text-muted">{messages.failingEmpty}</p>
          ) : (
            <ul data-slot="failing-events" className="max-h-96 divide-y divide-line overflow-y-auto">
              {events.map((event) => (
                <EventRow
                  key={event.eventId}
                  event={event}
                  pending={retryingId === event.eventId}
                  onRetry={() => onRetry(event)}
                />
              ))}
            </ul>
          )}
          {hasMore && onLoadMore ? (
            <Button pending={loadingMore} onClick={onLoadMore} className="self-start">
              {messages.loadMore}
            </Button>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="cc-history-heading" className="flex flex-col gap-2">
        <h3 id="cc-history-heading" className="font-medium">
          {messages.historyHeading}
        </h3>
        {history ? (
          <AuditHistory entries={history} />
        ) : historyFailed ? (
          <div data-slot="history-error" className="flex items-center justify-between gap-3">
            <p role="alert" className="text-danger-fg">
              {messages.historyLoadError}
            </p>
            {onReloadHistory ? <Button onClick={onReloadHistory}>{messages.retry}</Button> : null}
          </div>
        ) : (
          <Bone className="h-10 w-full" />
        )}
      </section>
      <div className="actions">
        <DialogClose asChild>
          <Button>{messages.close}</Button>
        </DialogClose>
        {onRetryAll ? (
          <Button variant="primary" pending={retryingAll} onClick={onRetryAll}>
            {messages.retryAllFailed}
          </Button>
        ) : null}
      </div>
    </DialogShell>
  );
}
