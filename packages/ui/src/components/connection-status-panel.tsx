"use client";

import type {
  Connection,
  HealthReason,
  ProviderIcon as ProviderIconValue,
  SyncActivity,
} from "@org/calendar-connections-core";
import { type ComponentProps, type ReactElement, useId } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format, formatDay } from "../i18n/format.ts";
import { ActivitySummary } from "./activity-summary.tsx";
import { ConnectionActionsMenu } from "./connection-actions-menu.tsx";
import { Button, GLYPHS, Glyph, Spinner } from "./primitives.tsx";
import { ProviderIcon } from "./provider-icon.tsx";
import { WithTime } from "./relative-time.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** What is in flight for a connection. */
export type ConnectionPending =
  | "checking"
  | "reconnecting"
  | "disconnecting"
  | "saving"
  | "requeuing"
  | "regenerating";

/** Props of `ConnectionStatusPanel`: an `<article>`'s, plus the connection and one callback per action. */
export interface ConnectionStatusPanelProps extends Omit<ComponentProps<"article">, "children"> {
  connection: Connection;
  providerName: string;
  /** The provider's mark as `GET /providers` serves it; by default the registry's icon keyed by the provider id. */
  icon?: ProviderIconValue | undefined;
  /** What is in flight for this connection, if anything. */
  pending?: ConnectionPending | null | undefined;
  /** Called by "Reconnect" on a connection that needs one. */
  onReconnect?: (() => void) | undefined;
  /** "Retry now": refresh tokens and re-check health. Also listed as "Check connection". */
  onRetry?: (() => void) | undefined;
  /** Only for providers whose account has several calendars. */
  onChangeCalendar?: (() => void) | undefined;
  /** "Retry failed events" in the menu: sends the connection's dead letters again. */
  onRequeue?: (() => void) | undefined;
  /** Called by the menu's "Copy feed link" on a feed connection. */
  onCopyFeedUrl?: (() => void) | undefined;
  /** "Regenerate link" in the menu, for a feed: replaces its secret link. */
  onRegenerateFeed?: (() => void) | undefined;
  /** Called by the menu's "Disconnect". */
  onDisconnect?: (() => void) | undefined;
  /** The connection's sync counts and last error (`GET /connections/:id/activity`), for those that write events. */
  activity?: SyncActivity | undefined;
  /** Opens the failing events ("View", shown while some fail). */
  onViewActivity?: (() => void) | undefined;
  /** A read-only feed that calendar apps fetch: "Last fetched …" instead of "Last synced …". */
  feed?: boolean | undefined;
  /** Opens the actions menu initially (stories). */
  menuOpen?: boolean;
}

type HealthAction = "reconnect" | "retry" | "change";

const ACTION_FOR_REASON: Record<HealthReason, HealthAction> = {
  token_revoked: "reconnect",
  scope_missing: "reconnect",
  refresh_failed: "reconnect",
  provider_unavailable: "retry",
  rate_limited: "retry",
  calendar_not_found: "change",
  credentials_unreadable: "reconnect",
};

const CALLOUT = {
  needs_reauth: "bg-warning-soft text-warning",
  error: "bg-danger-soft text-danger-fg",
} as const;

/** One connection: its status in words, account, calendar, last sync, what is wrong and the one fix. */
export function ConnectionStatusPanel({
  connection,
  providerName,
  icon,
  pending = null,
  onReconnect,
  onRetry,
  onChangeCalendar,
  onRequeue,
  onCopyFeedUrl,
  onRegenerateFeed,
  onDisconnect,
  activity,
  onViewActivity,
  feed = false,
  menuOpen,
  className,
  ...props
}: ConnectionStatusPanelProps): ReactElement {
  const { messages, locale } = useLocale();
  const { status, health } = connection;
  const headingId = useId();
  const disconnected = status === "disconnected";
  // Asked to remove its events first: it disconnects by itself once the worker removed them.
  const removing = !disconnected && Boolean(connection.disconnectRequestedAt);
  const moving = activity?.counts.moving ?? 0;
  const number = (value: number): string => new Intl.NumberFormat(locale).format(value);
  const unhealthy = status === "needs_reauth" || status === "error";
  // Connected, but syncing nowhere yet: the one thing to do is choose the calendar.
  const setup = status === "active" && !connection.calendarId && onChangeCalendar !== undefined;
  const action: HealthAction =
    health !== null ? ACTION_FOR_REASON[health.reason] : status === "needs_reauth" ? "reconnect" : "retry";
  const handlers: Record<HealthAction, [string, (() => void) | undefined, boolean]> = {
    reconnect: [messages.reconnect, onReconnect, pending === "reconnecting"],
    retry: [pending === "checking" ? messages.checking : messages.retryNow, onRetry, pending === "checking"],
    change: [messages.actionChangeCalendar, onChangeCalendar, pending === "saving"],
  };
  const [actionLabel, actionHandler, actionPending] = handlers[action];
  return (
    <article
      data-slot="connection-status-panel"
      data-state={status}
      data-provider={connection.provider}
      aria-labelledby={headingId}
      aria-busy={pending !== null || undefined}
      tabIndex={-1}
      className={cn("card outline-none", className)}
      {...props}
    >
      <div className="flex items-start gap-3 p-4">
        <ProviderIcon icon={icon ?? { type: "key", key: connection.provider }} />
        <div className="flex min-w-0 flex-1 flex-col gap-0.5">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <h3 id={headingId} className="font-medium text-fg">
              {providerName}
            </h3>
            {setup ? (
              <StatusBadge status="needs_reauth" label={messages.setupIncomplete} data-state="setup" />
            ) : (
              <StatusBadge status={status} />
            )}
          </div>
          {connection.accountEmail ? (
            <p data-slot="connection-account" className="truncate text-muted">
              <span className="sr-only">{messages.accountLabel}: </span>
              {connection.accountEmail}
            </p>
          ) : null}
          <p data-slot="connection-created" className="caption text-muted">
            {format(connection.createdByName ? messages.connectedBy : messages.connectedOn, {
              name: connection.createdByName ?? "",
              date: formatDay(connection.createdAt, locale),
            })}
          </p>
        </div>
        {pending === "disconnecting" || removing ? (
          <p data-slot="connection-pending" className="flex h-8 items-center gap-1.5 text-muted">
            <Spinner />
            {messages.disconnecting}
          </p>
        ) : disconnected ? (
          onReconnect ? (
            <Button pending={pending === "reconnecting"} onClick={onReconnect}>
              {messages.reconnect}
            </Button>
          ) : null
        ) : (
          <ConnectionActionsMenu
            providerName={providerName}
            defaultOpen={menuOpen}
            onChangeCalendar={onChangeCalendar}
            onCheck={onRetry}
            onRequeue={pending === "requeuing" ? undefined : onRequeue}
            onCopyFeedUrl={onCopyFeedUrl}
            onRegenerateFeed={pending === "regenerating" ? undefined : onRegenerateFeed}
            onActivity={onViewActivity}
            onDisconnect={onDisconnect}
          />
        )}
      </div>
      {setup ? (
        <div
          data-slot="connection-setup"
          className={cn(
            "mx-4 mb-4 flex flex-col gap-3 rounded-sm p-3 sm:flex-row sm:items-center",
            CALLOUT.needs_reauth,
          )}
        >
          <Glyph d={GLYPHS.calendar} className="hidden sm:block" />
          <p className="min-w-0 flex-1">{messages.setupDescription}</p>
          <Button variant="primary" onClick={onChangeCalendar} className="self-start sm:self-center">
            {messages.chooseCalendar}
          </Button>
        </div>
      ) : null}
      {unhealthy ? (
        <div
          data-slot="connection-health"
          data-state={status}
          className={cn(
            "mx-4 mb-4 flex flex-col gap-3 rounded-sm p-3 sm:flex-row sm:items-center",
            CALLOUT[status],
          )}
        >
          <Glyph d={GLYPHS.alert} className="hidden sm:block" />
          <div className="flex min-w-0 flex-1 flex-col gap-0.5">
            <p>{health ? messages.reasons[health.reason] : messages.unknownError}</p>
            {/* The provider's own words, when it gave any: what the kit's sentence cannot know. */}
            {health?.fromProvider && health.message ? (
              <p data-slot="connection-health-message" className="caption break-words opacity-90">
                {health.message}
              </p>
            ) : null}
            {health?.retryAt && status === "error" ? (
              <p data-slot="connection-retry-at" className="caption opacity-90">
                <WithTime template={messages.retryAt} value={health.retryAt} />
              </p>
            ) : null}
          </div>
          {actionHandler ? (
            <Button
              variant={action === "reconnect" ? "primary" : "secondary"}
              pending={actionPending}
              onClick={actionHandler}
              className="self-start sm:self-center"
            >
              {actionLabel}
            </Button>
          ) : null}
        </div>
      ) : null}
      <div data-slot="connection-details" className="details">
        {connection.calendarName || onChangeCalendar ? (
          <p data-slot="connection-calendar" className="flex min-w-0 items-center gap-1.5">
            <Glyph d={GLYPHS.calendar} className="text-muted" />
            <span className="sr-only">{messages.calendarLabel}: </span>
            <span className={cn("truncate", !connection.calendarName && "text-muted")}>
              {connection.calendarName ?? messages.noCalendar}
            </span>
            {onChangeCalendar && !disconnected ? (
              <Button
                variant="link"
                className="ml-1"
                aria-label={format(messages.changeCalendarFor, { provider: providerName })}
                onClick={onChangeCalendar}
              >
                {messages.changeCalendar}
              </Button>
            ) : null}
          </p>
        ) : null}
        <p data-slot="connection-last-sync" className="text-muted">
          {connection.lastSyncedAt ? (
            <WithTime
              template={feed ? messages.lastFetched : messages.lastSynced}
              value={connection.lastSyncedAt}
            />
          ) : feed ? (
            messages.neverFetched
          ) : (
            messages.neverSynced
          )}
        </p>
      </div>
      {removing || moving > 0 ? (
        <p
          data-slot="connection-progress"
          data-state={removing ? "removing" : "moving"}
          className="flex items-center gap-1.5 border-line border-t px-4 py-3 text-muted"
        >
          <Spinner />
          {removing
            ? format(messages.removing, { count: number(activity?.counts.synced ?? 0) })
            : format(messages.moving, { calendar: connection.calendarName ?? "", count: number(moving) })}
        </p>
      ) : null}
      {/* Nothing syncs before setup ends: no counts until a calendar is chosen. */}
      {activity && !disconnected && !setup ? (
        <ActivitySummary
          activity={activity}
          providerName={providerName}
          onView={onViewActivity}
          className="border-line border-t px-4 py-3"
        />
      ) : null}
    </article>
  );
}
