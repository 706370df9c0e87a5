"use client";

import { createContext, type ReactElement, type ReactNode, useContext, useMemo } from "react";
import type { CalendarConnectionsClient } from "./client.ts";

interface ClientValue {
  client: CalendarConnectionsClient;
  /** Sends the browser to the provider's consent screen. */
  navigate: (url: string) => void;
  /** Whose data it is: part of every query key (see `calendarConnectionsKeys`). */
  cacheKey?: string | undefined;
}

const ClientContext = createContext<ClientValue | null>(null);

/** Props of `CalendarConnectionsClientProvider`. */
export interface CalendarConnectionsClientProviderProps {
  client: CalendarConnectionsClient;
  /** Defaults to `window.location.assign`; stories and tests pass a spy. */
  navigate?: ((url: string) => void) | undefined;
  /** Whose data it is, e.g. the signed-in user's id: part of every query key of the hooks below. */
  cacheKey?: string | undefined;
  children: ReactNode;
}

/** Makes a client available to the data hooks below it. */
export function CalendarConnectionsClientProvider({
  client,
  navigate,
  cacheKey,
  children,
}: CalendarConnectionsClientProviderProps): ReactElement {
  const value = useMemo<ClientValue>(
    () => ({ client, cacheKey, navigate: navigate ?? ((url: string) => window.location.assign(url)) }),
    [client, navigate, cacheKey],
  );
  return <ClientContext.Provider value={value}>{children}</ClientContext.Provider>;
}

/** The client and navigation of the nearest provider. */
export function useCalendarConnectionsClient(): ClientValue {
  const value = useContext(ClientContext);
  if (!value) throw new Error("useCalendarConnectionsClient needs a CalendarConnectionsClientProvider");
  return value;
}
