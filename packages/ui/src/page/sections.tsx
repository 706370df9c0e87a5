"use client";

import type { ComponentProps, ReactElement } from "react";
import { cn } from "../cn.ts";
import { ConnectionStatusPanel } from "../components/connection-status-panel.tsx";
import { PreviousConnections } from "../components/previous-connections.tsx";
import { Button } from "../components/primitives.tsx";
import { ProviderCard } from "../components/provider-card.tsx";
import {
  Banner,
  type BannerProps,
  ConnectionPanelSkeleton,
  EmptyState,
  ErrorState,
  type ErrorStateProps,
  ProviderCardSkeleton,
} from "../components/states.tsx";
import { useLocale } from "../i18n/context.tsx";
import { errorMessage } from "../i18n/format.ts";
import { useCalendarConnectionsPage } from "./state.tsx";
import { FEED_URL_ELEMENT_ID } from "./use-focus-return.ts";

/** Props of `ConnectedSection` and `AddCalendarSection`: a `<section>`'s, with an optional heading. */
export interface CalendarConnectionsSectionProps extends Omit<ComponentProps<"section">, "title"> {
  /** The section's heading; by default the catalog's. */
  title?: string;
}

function Section({
  id,
  slot,
  title,
  className,
  children,
  ...props
}: CalendarConnectionsSectionProps & { id: string; slot: string; title: string }): ReactElement {
  const { status } = useCalendarConnectionsPage();
  return (
    <section
      aria-labelledby={id}
      data-slot={slot}
      data-state={status}
      className={cn("flex flex-col gap-3", className)}
      {...props}
    >
      <h2 id={id} tabIndex={-1} className="font-semibold text-fg outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** The page's title and the one sentence on what connecting does. */
export function CalendarConnectionsHeader({ className, ...props }: ComponentProps<"header">): ReactElement {
  const { messages } = useLocale();
  return (
    <header
      data-slot="calendar-connections-header"
      className={cn("flex flex-col gap-1", className)}
      {...props}
    >
      <h1 className="font-semibold text-fg text-xl leading-7 tracking-tight">{messages.pageTitle}</h1>
      <p className="max-w-prose text-muted">{messages.pageDescription}</p>
    </header>
  );
}

/**
 * "Connected": one status panel per connection (skeleton while loading, the empty state without any).
 * Renders nothing when loading failed (see `CalendarConnectionsLoadError`).
 */
export function ConnectedSection({ title, ...props }: CalendarConnectionsSectionProps): ReactElement | null {
  const { messages } = useLocale();
  const { status, connections, previous, panelProps, refreshFailed, retrying, retryLoad } =
    useCalendarConnectionsPage();
  if (status === "error") return null;
  return (
    <Section
      id="cc-connected"
      slot="cc-connected-section"
      title={title ?? messages.connectedHeading}
      {...props}
    >
      {refreshFailed ? (
        <p role="status" data-slot="refresh-failed" className="flex items-center gap-1.5 text-danger-fg">
          {messages.refreshFailed}
          <span aria-hidden="true">·</span>
          <Button variant="link" pending={retrying} onClick={retryLoad}>
            {messages.retry}
          </Button>
        </p>
      ) : null}
      {status === "loading" ? (
        <>
          <p role="status" className="sr-only">
            {messages.loading}
          </p>
          <ConnectionPanelSkeleton />
        </>
      ) : connections.length === 0 ? (
        <EmptyState />
      ) : (
        <div className="flex flex-col gap-3">
          {connections.map((connection) => (
            <ConnectionStatusPanel key={connection.id} {...panelProps(connection)} />
          ))}
        </div>
      )}
      {status === "ready" && previous.length > 0 ? <PreviousConnections connections={previous} /> : null}
    </Section>
  );
}

/**
 * "Add a calendar": a card per provider offered to the organization, in the server's order, in a responsive
 * 1–3 column grid, without the ones already connected that allow one connection. Renders nothing when loading
 * failed or nothing is left to add.
 */
export function AddCalendarSection({
  title,
  ...props
}: CalendarConnectionsSectionProps): ReactElement | null {
  const { messages } = useLocale();
  const { status, providers, cardProps } = useCalendarConnectionsPage();
  // A provider the organization may hold once and already holds is not offered again.
  const cards = providers
    .filter((provider) => provider.enabled)
    .map(cardProps)
    .filter((card) => card.state !== "connected");
  if (status === "error" || (status === "ready" && cards.length === 0)) return null;
  return (
    <Section id="cc-add" slot="cc-add-section" title={title ?? messages.addHeading} {...props}>
      <div className="grid grid-cols-1 gap-3 @xl:grid-cols-2 @4xl:grid-cols-3">
        {status === "loading"
          ? [0, 1, 2].map((index) => <ProviderCardSkeleton key={index} />)
          : cards.map((card) => <ProviderCard key={card.provider.id} {...card} />)}
      </div>
    </Section>
  );
}

/**
 * The dismissible banner at the top: what the OAuth round trip did, a new feed's URL (shown this once, with
 * Copy), or a failed action. Renders nothing without one.
 */
export function OAuthBanner(
  props: Omit<BannerProps, "tone" | "children" | "onDismiss">,
): ReactElement | null {
  const { messages } = useLocale();
  const { notice, dismissNotice, copyFeedUrl } = useCalendarConnectionsPage();
  if (!notice) return null;
  if (notice.kind !== "feed")
    return (
      <Banner tone={notice.kind === "error" ? "error" : "success"} onDismiss={dismissNotice} {...props}>
        {notice.text}
      </Banner>
    );
  return (
    <Banner tone="info" onDismiss={dismissNotice} data-slot="feed-url-notice" {...props}>
      <p className="font-medium">{messages.feedTitle}</p>
      <p className="text-muted">{messages.feedDescription}</p>
      <div className="mt-2 flex gap-2">
        <input
          id={FEED_URL_ELEMENT_ID}
          readOnly
          value={notice.url}
          aria-label={messages.feedTitle}
          onFocus={(event) => event.currentTarget.select()}
          className="field focus-ring flex-1 font-mono caption"
        />
        <Button onClick={() => copyFeedUrl(notice.url)}>{messages.copy}</Button>
      </div>
    </Banner>
  );
}

/** Loading failed: what happened and a retry of both lists. Renders nothing otherwise. */
export function CalendarConnectionsLoadError(
  props: Omit<ErrorStateProps, "description" | "retrying" | "onRetry">,
): ReactElement | null {
  const { messages } = useLocale();
  const { status, loadError, retrying, retryLoad } = useCalendarConnectionsPage();
  if (status !== "error") return null;
  return (
    <ErrorState
      description={errorMessage(loadError, messages)}
      retrying={retrying}
      onRetry={retryLoad}
      {...props}
    />
  );
}
