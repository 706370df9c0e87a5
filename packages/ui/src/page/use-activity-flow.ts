"use client";

import type { Connection, FailingEvent, SyncActivity } from "@org/calendar-connections-core";
import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ActivityDialogProps } from "../components/activity-dialog.tsx";
import { useCalendarConnectionsClient } from "../data/context.tsx";
import { useRequeueDeadLetters, useRetryEvent } from "../data/mutations.ts";
import { activityQueryOptions, auditQueryOptions, failingEventsQueryOptions } from "../data/queries.ts";
import { useLocale } from "../i18n/context.tsx";
import { errorMessage, format, requeuedText } from "../i18n/format.ts";
import type { Feedback } from "./use-feedback.ts";
import type { FocusReturn } from "./use-focus-return.ts";

const PROGRESS_POLL_MS = 3_000;
const IDLE_POLL_MS = 60_000;

/** The failing events of one connection, in their dialog. */
export interface ActivityFlow {
  /** The counts and last error of a connection that writes events, once read. */
  summary: (connection: Connection) => SyncActivity | undefined;
  /** Opens the dialog for a connection. */
  open: (connection: Connection) => void;
  /** The dialog's props; null until it was first opened, so its code loads only then. */
  dialog: ActivityDialogProps | null;
}

/** The failing-events dialog: its pages, "Retry" per event, "Retry all failed", and what they say. */
export function useActivityFlow(
  connections: readonly Connection[],
  /** Whether a connection has sync activity: live, of a provider that writes events. */
  tracks: (connection: Connection) => boolean,
  providerName: (connection: Connection) => string,
  feedback: Feedback,
  focus: FocusReturn,
): ActivityFlow {
  const { client, cacheKey } = useCalendarConnectionsClient();
  const { messages, locale } = useLocale();
  const [target, setTarget] = useState<{ connection: Connection; open: boolean } | null>(null);
  const [notice, setNotice] = useState<ActivityDialogProps["notice"]>(null);
  const tracked = connections.filter(tracks);
  const summaries = useQueries({
    queries: tracked.map((connection) => ({
      ...activityQueryOptions(client, connection.id, cacheKey),
      // Every few seconds while a move or a removal runs, so the panel shows it progress.
      refetchInterval: (query: { state: { data?: SyncActivity | undefined } }) =>
        connection.disconnectRequestedAt || (query.state.data?.counts.moving ?? 0) > 0
          ? PROGRESS_POLL_MS
          : IDLE_POLL_MS,
    })),
  });
  const retry = useRetryEvent();
  const requeue = useRequeueDeadLetters();
  const writes = target !== null && tracks(target.connection);
  const query = useInfiniteQuery({
    ...failingEventsQueryOptions(client, target?.connection.id ?? "", cacheKey),
    enabled: target?.open === true && writes,
  });
  const audit = useQuery({
    ...auditQueryOptions(client, target?.connection.id ?? "", cacheKey),
    enabled: target?.open === true,
  });
  // Said twice on purpose: in the dialog (the page's live region is hidden behind a modal) and on the page.
  const tell = (text: string): void => {
    setNotice({ tone: "success", text });
    feedback.announce(text);
  };
  // A failure is shown where the admin is looking: in the dialog, not in a banner behind it.
  const fail = (error: unknown): void =>
    setNotice({
      tone: "error",
      text: format(messages.requestFailed, { reason: errorMessage(error, messages) }),
    });
  const events = query.data?.pages.flatMap((page) => page.failing) ?? [];
  const connectionId = target?.connection.id ?? "";
  return {
    summary: (connection) => summaries[tracked.findIndex((item) => item.id === connection.id)]?.data,
    open: (connection) => {
      focus.remember(connection.id);
      setNotice(null);
      setTarget({ connection, open: true });
    },
    dialog: target && {
      open: target.open,
      onOpenChange: (open) => setTarget({ ...target, open }),
      providerName: providerName(target.connection),
      writes,
      history: audit.data?.entries,
      historyFailed: audit.isError && !audit.data,
      onReloadHistory: () => void audit.refetch(),
      state: query.isError && !query.data ? "error" : query.data ? "ready" : "loading",
      events,
      hasMore: query.hasNextPage,
      loadingMore: query.isFetchingNextPage,
      onLoadMore: () => void query.fetchNextPage(),
      onReload: () => void query.refetch(),
      retryingId: retry.isPending ? retry.variables.eventId : undefined,
      onRetry: (event: FailingEvent) => {
        const title = event.title ?? messages.failingUntitled;
        retry.mutate(
          { connectionId, eventId: event.eventId },
          { onSuccess: () => tell(format(messages.eventRetried, { event: title })), onError: fail },
        );
      },
      retryingAll: requeue.isPending,
      onRetryAll: events.some((event) => event.status === "failed")
        ? () =>
            requeue.mutate(connectionId, {
              onSuccess: ({ requeued }) => tell(requeuedText(requeued, locale, messages)),
              onError: fail,
            })
        : undefined,
      notice,
      onCloseAutoFocus: focus.restore,
    },
  };
}
