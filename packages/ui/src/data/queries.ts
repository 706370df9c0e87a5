import type {
  AuditList,
  CalendarList,
  ConnectionList,
  ProviderList,
  SyncActivity,
} from "@org/calendar-connections-core";
import {
  type DataTag,
  type InfiniteData,
  infiniteQueryOptions,
  queryOptions,
  type UndefinedInitialDataOptions,
} from "@tanstack/react-query";
import type { CalendarConnectionsClient } from "./client.ts";

/**
 * Hierarchical query keys. Everything lives under `root`, then under `all(basePath, cacheKey)`: the handler the
 * data comes from and whose data it is (the `cacheKey` a host passes, e.g. the signed-in user's id), so one
 * user's data is never shown to another. A connection's calendars live under its connection, so invalidating
 * the connections refreshes them too. On sign-out or user switch a host drops them all:
 * `queryClient.removeQueries({ queryKey: calendarConnectionsKeys.root })`.
 */
export const calendarConnectionsKeys = {
  root: ["calendar-connections"] as const,
  /** Everything the kit caches for one base path (and cache key): invalidate this to refetch it all. */
  all: (basePath: string, cacheKey = "") => ["calendar-connections", basePath, cacheKey] as const,
  /** The providers are localized by the server: each locale is its own entry. */
  providers: (basePath: string, cacheKey?: string, locale = "") =>
    [...calendarConnectionsKeys.all(basePath, cacheKey), "providers", locale] as const,
  /** The connections list; each connection's calendars, activity and audit sit below it. */
  connections: (basePath: string, cacheKey?: string) =>
    [...calendarConnectionsKeys.all(basePath, cacheKey), "connections"] as const,
  /** The calendars a connection's account can see. */
  calendars: (basePath: string, connectionId: string, cacheKey?: string) =>
    [...calendarConnectionsKeys.connections(basePath, cacheKey), connectionId, "calendars"] as const,
  /** The summary (counts, last error) the panel shows. */
  activity: (basePath: string, connectionId: string, cacheKey?: string) =>
    [...calendarConnectionsKeys.connections(basePath, cacheKey), connectionId, "activity"] as const,
  /** Who did what to the connection. */
  audit: (basePath: string, connectionId: string, cacheKey?: string) =>
    [...calendarConnectionsKeys.connections(basePath, cacheKey), connectionId, "audit"] as const,
  /** The failing events, page by page, that the dialog lists. */
  failingEvents: (basePath: string, connectionId: string, cacheKey?: string) =>
    [...calendarConnectionsKeys.activity(basePath, connectionId, cacheKey), "failing"] as const,
};

/** What each factory returns: options for useQuery/ensureQueryData, with a key typed by its data. */
export type CalendarConnectionsQueryOptions<T, K extends readonly unknown[]> = UndefinedInitialDataOptions<
  T,
  Error,
  T,
  K
> & { queryKey: DataTag<K, T, Error> };

type Keys = typeof calendarConnectionsKeys;

/** `GET /providers?locale=…`, in the page's locale. The list changes only with the server's configuration. */
export function providersQueryOptions(
  client: CalendarConnectionsClient,
  cacheKey?: string,
  locale?: string,
): CalendarConnectionsQueryOptions<ProviderList, ReturnType<Keys["providers"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.providers(client.basePath, cacheKey, locale),
    queryFn: () => client.listProviders(locale),
    staleTime: 5 * 60_000,
  });
}

/** `GET /connections?include=disconnected`: the live connections, then the recently disconnected ones. */
export function connectionsQueryOptions(
  client: CalendarConnectionsClient,
  cacheKey?: string,
): CalendarConnectionsQueryOptions<ConnectionList, ReturnType<Keys["connections"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.connections(client.basePath, cacheKey),
    queryFn: () => client.listConnections({ includeDisconnected: true }),
    staleTime: 30_000,
  });
}

/** `GET /connections/:id/calendars`, for the picker. */
export function calendarsQueryOptions(
  client: CalendarConnectionsClient,
  connectionId: string,
  cacheKey?: string,
): CalendarConnectionsQueryOptions<CalendarList, ReturnType<Keys["calendars"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.calendars(client.basePath, connectionId, cacheKey),
    queryFn: () => client.listCalendars(connectionId),
    staleTime: 60_000,
  });
}

/** `GET /connections/:id/activity?limit=1`: the counts and last error (one failing event rides along). */
export function activityQueryOptions(
  client: CalendarConnectionsClient,
  connectionId: string,
  cacheKey?: string,
): CalendarConnectionsQueryOptions<SyncActivity, ReturnType<Keys["activity"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.activity(client.basePath, connectionId, cacheKey),
    queryFn: () => client.getActivity(connectionId, { limit: 1 }),
    staleTime: 10_000,
    // The counts move as the worker runs: read again every minute while the page is visible.
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

/** `GET /connections/:id/activity?cursor=…`, a page at a time, for "Load more". */
export function failingEventsQueryOptions(
  client: CalendarConnectionsClient,
  connectionId: string,
  cacheKey?: string,
): ReturnType<typeof failingEventsOptions> {
  return failingEventsOptions(client, connectionId, cacheKey);
}

function failingEventsOptions(client: CalendarConnectionsClient, connectionId: string, cacheKey?: string) {
  return infiniteQueryOptions<
    SyncActivity,
    Error,
    InfiniteData<SyncActivity, string | null>,
    ReturnType<Keys["failingEvents"]>,
    string | null
  >({
    queryKey: calendarConnectionsKeys.failingEvents(client.basePath, connectionId, cacheKey),
    queryFn: ({ pageParam }) => client.getActivity(connectionId, { cursor: pageParam }),
    initialPageParam: null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** `GET /connections/:id/audit`, for the history in the activity dialog. */
export function auditQueryOptions(
  client: CalendarConnectionsClient,
  connectionId: string,
  cacheKey?: string,
): CalendarConnectionsQueryOptions<AuditList, ReturnType<Keys["audit"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.audit(client.basePath, connectionId, cacheKey),
    queryFn: () => client.listAudit(connectionId),
    staleTime: 10_000,
  });
}
