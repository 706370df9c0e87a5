"use client";

import type {
  Connection,
  ConnectionList,
  CreateConnectionBody,
  CreateConnectionResponse,
  ProviderId,
  RequeueDeadLettersResponse,
  RetryEventResponse,
  StartOAuthResponse,
} from "@org/calendar-connections-core";
import { type UseMutationResult, useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocale } from "../i18n/context.tsx";
import type { CalendarConnectionsError, ExistingEvents } from "./client.ts";
import { useCalendarConnectionsClient } from "./context.tsx";
import { calendarConnectionsKeys } from "./queries.ts";

interface Snapshot {
  previous: ConnectionList | undefined;
}

/** Shared plumbing: the client, the connections key, and optimistic patching with rollback. */
function useConnectionsCache(): {
  client: ReturnType<typeof useCalendarConnectionsClient>["client"];
  navigate: (url: string) => void;
  invalidate: () => Promise<void>;
  patch: (id: string, change: Partial<Connection>) => Promise<Snapshot>;
  /** Puts a connection into the cached list: in its place, or at the end when it is new. */
  replace: (connection: Connection) => void;
  rollback: (snapshot: Snapshot | undefined) => void;
} {
  const { client, navigate, cacheKey } = useCalendarConnectionsClient();
  const queryClient = useQueryClient();
  const key = calendarConnectionsKeys.connections(client.basePath, cacheKey);
  const update = (map: (connections: Connection[]) => Connection[]): void => {
    queryClient.setQueryData<ConnectionList>(key, (list) =>
      list ? { connections: map(list.connections) } : list,
    );
  };
  return {
    client,
    navigate,
    invalidate: () =>
      queryClient.invalidateQueries({ queryKey: calendarConnectionsKeys.all(client.basePath, cacheKey) }),
    patch: async (id, change) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ConnectionList>(key);
      update((list) =>
        list.map((connection) => (connection.id === id ? { ...connection, ...change } : connection)),
      );
      return { previous };
    },
    // A new connection joins the list at once, so its panel can take focus before the refetch.
    replace: (next) =>
      update((list) =>
        list.some((connection) => connection.id === next.id)
          ? list.map((connection) => (connection.id === next.id ? next : connection))
          : [...list, next],
      ),
    rollback: (snapshot) => {
      if (snapshot?.previous) queryClient.setQueryData(key, snapshot.previous);
    },
  };
}

/** What `useConnectProvider` starts OAuth with. */
export interface ConnectVariables {
  provider: ProviderId;
  /** Where the callback sends the browser back to; a same-origin path. */
  returnTo?: string | undefined;
  /** The connection being reconnected: the consent screen preselects its account. */
  connectionId?: string | undefined;
}

/** Starts OAuth and sends the browser to the consent screen. Stays successful (not idle) while it leaves. */
export function useConnectProvider(): UseMutationResult<
  StartOAuthResponse,
  CalendarConnectionsError,
  ConnectVariables
> {
  const { client, navigate } = useConnectionsCache();
  return useMutation({
    mutationFn: ({ provider, returnTo, connectionId }: ConnectVariables) =>
      client.startOAuth(provider, returnTo, connectionId),
    onSuccess: ({ authorizationURL }) => navigate(authorizationURL),
  });
}

/** Refreshes tokens and re-checks health now. */
export function useRefreshConnection(): UseMutationResult<Connection, CalendarConnectionsError, string> {
  const { client, invalidate, replace } = useConnectionsCache();
  return useMutation({
    mutationFn: (id: string) => client.refresh(id),
    onSuccess: replace,
    onSettled: invalidate,
  });
}

/** What `useSelectCalendar` saves. */
export interface SelectCalendarVariables {
  connectionId: string;
  calendarId: string;
  /** Shown right away, before the server confirms. */
  calendarName?: string | undefined;
  /** What becomes of the events synced into the previous calendar (the server leaves them by default). */
  existingEvents?: ExistingEvents | undefined;
}

/** Selects the target calendar, optimistically; rolls back when the server refuses. */
export function useSelectCalendar(): UseMutationResult<
  Connection,
  CalendarConnectionsError,
  SelectCalendarVariables,
  Snapshot
> {
  const { client, invalidate, patch, replace, rollback } = useConnectionsCache();
  return useMutation({
    mutationFn: ({ connectionId, calendarId, existingEvents }: SelectCalendarVariables) =>
      client.selectCalendar(connectionId, calendarId, existingEvents),
    onMutate: ({ connectionId, calendarId, calendarName }) =>
      patch(connectionId, { calendarId, calendarName: calendarName ?? null }),
    onError: (_error, _variables, snapshot) => rollback(snapshot),
    onSuccess: replace,
    onSettled: invalidate,
  });
}

/** What `useDisconnectConnection` disconnects, and whether the events it wrote are removed first. */
export interface DisconnectVariables {
  id: string;
  removeEvents?: boolean | undefined;
}

/**
 * Disconnects, showing the connection as disconnected at once; rolls back when the server refuses. With
 * `removeEvents` the connection stays listed as the server answers it (removing, then disconnecting).
 */
export function useDisconnectConnection(): UseMutationResult<
  Connection | null,
  CalendarConnectionsError,
  DisconnectVariables,
  Snapshot
> {
  const { client, invalidate, patch, replace, rollback } = useConnectionsCache();
  return useMutation({
    mutationFn: ({ id, removeEvents }: DisconnectVariables) => client.disconnect(id, { removeEvents }),
    onMutate: ({ id, removeEvents }) =>
      removeEvents ? { previous: undefined } : patch(id, { status: "disconnected", health: null }),
    onSuccess: (next, { removeEvents }) => {
      if (next && removeEvents) replace(next);
    },
    onError: (_error, _variables, snapshot) => rollback(snapshot),
    onSettled: invalidate,
  });
}

/** Replaces a feed's secret link; answers the new one (shown once). */
export function useRegenerateFeed(): UseMutationResult<
  CreateConnectionResponse,
  CalendarConnectionsError,
  string
> {
  const { client, invalidate } = useConnectionsCache();
  return useMutation({ mutationFn: (id: string) => client.regenerateFeed(id), onSettled: invalidate });
}

/**
 * Creates a connection that needs no OAuth: `{ provider }` for an `instant` provider, `{ provider, input }` for a
 * `form` provider (the server treats a form for an account it already holds as a reconnect).
 */
export function useCreateConnection(): UseMutationResult<
  CreateConnectionResponse,
  CalendarConnectionsError,
  CreateConnectionBody
> {
  const { client, invalidate, replace } = useConnectionsCache();
  // A form provider's errors come back in the page's language.
  const { locale } = useLocale();
  return useMutation({
    mutationFn: (body: CreateConnectionBody) => client.createConnection(body, locale),
    onSuccess: ({ connection }) => replace(connection),
    onSettled: invalidate,
  });
}

/** Sends a connection's failed events (its dead letters) again; answers how many were requeued. */
export function useRequeueDeadLetters(): UseMutationResult<
  RequeueDeadLettersResponse,
  CalendarConnectionsError,
  string
> {
  const { client, invalidate } = useConnectionsCache();
  return useMutation({
    mutationFn: (id: string) => client.requeueDeadLetters(id),
    onSettled: invalidate,
  });
}

/** What `useRetryEvent` retries: one failing event of a connection. */
export interface RetryEventVariables {
  connectionId: string;
  eventId: string;
}

/** Makes one failing event due again; the activity is read again afterwards. */
export function useRetryEvent(): UseMutationResult<
  RetryEventResponse,
  CalendarConnectionsError,
  RetryEventVariables
> {
  const { client, invalidate } = useConnectionsCache();
  return useMutation({
    mutationFn: ({ connectionId, eventId }: RetryEventVariables) => client.retryEvent(connectionId, eventId),
    onSettled: invalidate,
  });
}
