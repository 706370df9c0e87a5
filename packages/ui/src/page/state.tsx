"use client";

import type { Connection, Provider } from "@org/calendar-connections-core";
import { useQuery } from "@tanstack/react-query";
import { createContext, type ReactElement, type ReactNode, useContext } from "react";
import type { ActivityDialogProps } from "../components/activity-dialog.tsx";
import type { CalendarPickerDialogProps } from "../components/calendar-picker-dialog.tsx";
import type { ConnectFormDialogProps } from "../components/connect-form-dialog.tsx";
import type { ConnectionStatusPanelProps } from "../components/connection-status-panel.tsx";
import type { DisconnectDialogProps } from "../components/disconnect-dialog.tsx";
import type { ExistingEventsDialogProps } from "../components/existing-events-dialog.tsx";
import type { ProviderCardProps } from "../components/provider-card.tsx";
import type { RegenerateFeedDialogProps } from "../components/regenerate-feed-dialog.tsx";
import { useCalendarConnectionsClient } from "../data/context.tsx";
import { useRefreshConnection, useRequeueDeadLetters } from "../data/mutations.ts";
import { connectionsQueryOptions, providersQueryOptions } from "../data/queries.ts";
import { useLocale } from "../i18n/context.tsx";
import { format, requeuedText } from "../i18n/format.ts";
import { useActivityFlow } from "./use-activity-flow.ts";
import { useConnectFlow } from "./use-connect-flow.ts";
import { useDisconnectFlow } from "./use-disconnect-flow.ts";
import { useFeedFlow } from "./use-feed-flow.ts";
import { type CalendarConnectionsNotice, useFeedback } from "./use-feedback.ts";
import { panelElementId, useFocusReturn } from "./use-focus-return.ts";
import { useBackoffInterval, useStatusAnnouncer } from "./use-freshness.ts";
import { useOAuthReturn } from "./use-oauth-return.ts";
import { usePickerFlow } from "./use-picker-flow.ts";

/** Everything the page's sections and dialogs render: data, what is in flight, and the props of each part. */
export interface CalendarConnectionsPageState {
  /** `loading` until both lists are in; `error` when either failed. */
  status: "loading" | "error" | "ready";
  /** The providers `GET /providers` served, in page order (enabled or not). */
  providers: readonly Provider[];
  /** The connections to show: the server's live ones, plus those disconnected in this session. */
  connections: readonly Connection[];
  /** Connections disconnected before this session, for "Previously connected" (most recent first). */
  previous: ReadonlyArray<{ connection: Connection; providerName: string }>;
  /** A refetch failed while the last data stays on screen ("Couldn't refresh · Try again"). */
  refreshFailed: boolean;
  /** Why loading failed, when `status` is `error`. */
  loadError: unknown;
  /** A retry of the lists is in flight. */
  retrying: boolean;
  /** Loads both lists again. */
  retryLoad: () => void;
  /** The banner at the top (OAuth outcome, a new feed's URL, a failed action). */
  notice: CalendarConnectionsNotice | null;
  /** Clears the banner. */
  dismissNotice: () => void;
  /** The text of the polite live region. */
  announcement: string;
  /** Copies a feed URL to the clipboard and announces it in the live region. */
  copyFeedUrl: (url: string) => void;
  /** The provider card's props for one provider: its state and its one action. */
  cardProps: (provider: Provider) => Pick<ProviderCardProps, "provider" | "state" | "onConnect">;
  /** The status panel's props for one connection: its provider's name and icon, what is in flight, its actions. */
  panelProps: (connection: Connection) => ConnectionStatusPanelProps;
  /** The props of the page's dialogs; the provider renders them. */
  dialogs: {
    // Without the form's `ref`: the page never sets one (and React 18's lazy components take no string ref).
    picker: Omit<CalendarPickerDialogProps, "ref">;
    disconnect: DisconnectDialogProps;
    form: ConnectFormDialogProps | null;
    /** Null until first opened: the provider loads its code then. */
    activity: ActivityDialogProps | null;
    /** The picker's "move or leave the synced events?"; null until first asked. */
    existingEvents: ExistingEventsDialogProps | null;
    /** A feed's "Regenerate link?" warning; null until first asked. */
    regenerateFeed: RegenerateFeedDialogProps | null;
  };
}

/** How often the list is read while a connection removes its events before disconnecting. */
const PROGRESS_POLL_MS = 3_000;

/** A connection asked to remove its events first (`removeEvents=true`) that has not disconnected yet. */
const removing = (connection: Connection): boolean =>
  connection.status !== "disconnected" && Boolean(connection.disconnectRequestedAt);

/** The page's state: both lists, the six mutations, the OAuth return, the dialogs and focus around them. */
export function usePageState(returnTo: string | undefined): CalendarConnectionsPageState {
  const { client, cacheKey } = useCalendarConnectionsClient();
  const { messages, locale } = useLocale();
  const providersQuery = useQuery(providersQueryOptions(client, cacheKey, locale));
  const backoff = useBackoffInterval();
  const connectionsQuery = useQuery({
    ...connectionsQueryOptions(client, cacheKey),
    // Fresh while the page is visible (TanStack pauses intervals in a hidden tab) and on coming back to it;
    // every few seconds while a connection removes its events, to show it disconnected once done.
    refetchInterval: (query) =>
      query.state.data?.connections.some(removing) ? PROGRESS_POLL_MS : backoff(query),
    refetchOnWindowFocus: true,
  });
  const refresh = useRefreshConnection();
  const requeue = useRequeueDeadLetters();
  const feedback = useFeedback();
  const focus = useFocusReturn();

  const providers = providersQuery.data?.providers ?? [];
  const providerOf = (connection: Connection): Provider | undefined =>
    providers.find((provider) => provider.id === connection.provider);
  // The server names each provider; a connection to a provider it no longer lists keeps its id.
  const providerName = (connection: Connection): string =>
    providerOf(connection)?.name ?? connection.provider;

  const disconnect = useDisconnectFlow(providerName, feedback, focus);
  const listed = connectionsQuery.data?.connections ?? [];
  const connections = [
    ...listed.filter(
      (connection) => connection.status !== "disconnected" || connection.id in disconnect.disconnected,
    ),
    ...Object.values(disconnect.disconnected).filter((kept) => !listed.some((item) => item.id === kept.id)),
  ];
  // Read when the admin picks a calendar, after `activity` below exists.
  const picker = usePickerFlow(
    connections,
    (connection) => activity.summary(connection)?.counts.synced ?? 0,
    feedback,
    focus,
  );
  const activity = useActivityFlow(
    connections,
    (connection) =>
      connection.status !== "disconnected" && providerOf(connection)?.capabilities.writesEvents === true,
    providerName,
    feedback,
    focus,
  );
  const connect = useConnectFlow(returnTo, feedback, focus, picker.open);
  const feed = useFeedFlow(connect.showFeedUrl, feedback, focus);

  const loading = providersQuery.isPending || connectionsQuery.isPending;
  useStatusAnnouncer(connectionsQuery.data?.connections, providerName, feedback.announce);
  // A failed refetch keeps what is on screen: only a first load that failed replaces the page.
  const failedFirst =
    (providersQuery.isError && !providersQuery.data) || (connectionsQuery.isError && !connectionsQuery.data);
  useOAuthReturn({
    loading,
    connections: connectionsQuery.data?.connections,
    providerName,
    setNotice: feedback.setNotice,
    openPicker: (connectionId) => picker.open(connectionId, true),
  });

  const pendingFor = (connection: Connection): ConnectionStatusPanelProps["pending"] => {
    if (disconnect.pendingId === connection.id) return "disconnecting";
    if (feed.pendingId === connection.id) return "regenerating";
    if (refresh.isPending && refresh.variables === connection.id) return "checking";
    if (connect.isReconnecting(connection)) return "reconnecting";
    if (picker.savingId === connection.id) return "saving";
    if (requeue.isPending && requeue.variables === connection.id) return "requeuing";
    return null;
  };

  return {
    status: failedFirst ? "error" : loading ? "loading" : "ready",
    refreshFailed: !failedFirst && (providersQuery.isError || connectionsQuery.isError),
    providers,
    connections,
    previous: listed
      .filter(
        (connection) => connection.status === "disconnected" && !(connection.id in disconnect.disconnected),
      )
      .map((connection) => ({ connection, providerName: providerName(connection) })),
    loadError: providersQuery.error ?? connectionsQuery.error,
    retrying: providersQuery.isFetching || connectionsQuery.isFetching,
    retryLoad: () => {
      void providersQuery.refetch();
      void connectionsQuery.refetch();
    },
    notice: feedback.notice,
    dismissNotice: () => feedback.setNotice(null),
    announcement: feedback.announcement,
    copyFeedUrl: feedback.copyFeedUrl,
    cardProps: (provider) => {
      const taken =
        !provider.capabilities.multiplePerOrganization &&
        connections.some((item) => item.provider === provider.id && item.status !== "disconnected");
      return {
        provider,
        state: !provider.configured
          ? "not_configured"
          : taken
            ? "connected"
            : connect.connectingId === provider.id
              ? "connecting"
              : "available",
        onConnect: () => connect.connect(provider),
      };
    },
    panelProps: (connection) => {
      const provider = providerOf(connection);
      const name = providerName(connection);
      const feedUrl = connect.feedUrls[connection.id];
      const isFeed = provider !== undefined && !provider.capabilities.writesEvents;
      return {
        id: panelElementId(connection.id),
        connection,
        providerName: name,
        icon: provider?.icon,
        pending: pendingFor(connection),
        onReconnect: connect.reconnect(provider, connection),
        onRetry: () =>
          refresh.mutate(connection.id, {
            onSuccess: (next) =>
              feedback.announce(
                format(messages.checked, { provider: name, status: messages.status[next.status] }),
              ),
            onError: feedback.fail,
          }),
        onChangeCalendar: provider?.capabilities.calendarPicker
          ? () => picker.open(connection.id)
          : undefined,
        // Only a live connection that writes events has failed events to send again (a feed has none).
        onRequeue:
          connection.status === "disconnected" || !provider?.capabilities.writesEvents
            ? undefined
            : () =>
                requeue.mutate(connection.id, {
                  onSuccess: ({ requeued }) => feedback.announce(requeuedText(requeued, locale, messages)),
                  onError: feedback.fail,
                }),
        onCopyFeedUrl: feedUrl ? () => feedback.copyFeedUrl(feedUrl) : undefined,
        onDisconnect: () => disconnect.ask(connection),
        // A feed's link is its credential: replacing it is the one fix for a leaked one.
        onRegenerateFeed:
          isFeed && connection.status !== "disconnected" ? () => feed.ask(connection) : undefined,
        activity: activity.summary(connection),
        feed: isFeed,
        onViewActivity: () => activity.open(connection),
      };
    },
    dialogs: {
      picker: picker.dialog,
      disconnect: {
        ...disconnect.dialog,
        // Offered only for what the product wrote and can still remove: its synced events.
        removableCount: disconnect.target ? (activity.summary(disconnect.target)?.counts.synced ?? 0) : 0,
      },
      form: connect.dialog,
      activity: activity.dialog,
      existingEvents: picker.question,
      regenerateFeed: feed.dialog,
    },
  };
}

const PageStateContext = createContext<CalendarConnectionsPageState | null>(null);

/** Runs the page's state for the sections below it (the provider renders one per user, see `cacheKey`). */
export function PageStateProvider({
  returnTo,
  children,
}: {
  returnTo: string | undefined;
  children: ReactNode;
}): ReactElement {
  return <PageStateContext.Provider value={usePageState(returnTo)}>{children}</PageStateContext.Provider>;
}

/**
 * The state of the nearest `CalendarConnectionsProvider`: for a host's own sections next to (or instead of)
 * `ConnectedSection`, `AddCalendarSection` and `OAuthBanner`.
 */
export function useCalendarConnectionsPage(): CalendarConnectionsPageState {
  const state = useContext(PageStateContext);
  if (!state) throw new Error("useCalendarConnectionsPage needs a CalendarConnectionsProvider");
  return state;
}
