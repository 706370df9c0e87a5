import type { CalendarList, ConnectionList, ProviderList } from "@org/calendar-connections-core";
import { type DataTag, queryOptions, type UndefinedInitialDataOptions } from "@tanstack/react-query";
import type { CalendarConnectionsClient } from "./client.ts";

/**
 * Hierarchical query keys. Everything lives under `all`, so invalidating it refreshes the page;
 * a connection's calendars live under its connection, so invalidating the connections refreshes them too.
 */
export const calendarConnectionsKeys = {
  all: (basePath: string) => ["calendar-connections", basePath] as const,
  providers: (basePath: string) => [...calendarConnectionsKeys.all(basePath), "providers"] as const,
  connections: (basePath: string) => [...calendarConnectionsKeys.all(basePath), "connections"] as const,
  calendars: (basePath: string, connectionId: string) =>
    [...calendarConnectionsKeys.connections(basePath), connectionId, "calendars"] as const,
};

/** What each factory returns: options for useQuery/ensureQueryData, with a key typed by its data. */
export type CalendarConnectionsQueryOptions<T, K extends readonly unknown[]> = UndefinedInitialDataOptions<
  T,
  Error,
  T,
  K
> & { queryKey: DataTag<K, T, Error> };

type Keys = typeof calendarConnectionsKeys;

/** `GET /providers`. The catalog changes only with the server's configuration. */
export function providersQueryOptions(
  client: CalendarConnectionsClient,
): CalendarConnectionsQueryOptions<ProviderList, ReturnType<Keys["providers"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.providers(client.basePath),
    queryFn: () => client.listProviders(),
    staleTime: 5 * 60_000,
  });
}

/** `GET /connections`. */
export function connectionsQueryOptions(
  client: CalendarConnectionsClient,
): CalendarConnectionsQueryOptions<ConnectionList, ReturnType<Keys["connections"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.connections(client.basePath),
    queryFn: () => client.listConnections(),
    staleTime: 30_000,
  });
}

/** `GET /connections/:id/calendars`, for the picker. */
export function calendarsQueryOptions(
  client: CalendarConnectionsClient,
  connectionId: string,
): CalendarConnectionsQueryOptions<CalendarList, ReturnType<Keys["calendars"]>> {
  return queryOptions({
    queryKey: calendarConnectionsKeys.calendars(client.basePath, connectionId),
    queryFn: () => client.listCalendars(connectionId),
    staleTime: 60_000,
  });
}
