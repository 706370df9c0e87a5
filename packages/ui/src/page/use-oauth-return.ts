"use client";

import type { Connection } from "@org/calendar-connections-core";
import { useEffect } from "react";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { readOAuthReturn, withoutOAuthReturn } from "./oauth-return.ts";
import type { CalendarConnectionsNotice } from "./use-feedback.ts";

/** What `useOAuthReturn` reads and whom it tells. */
export interface OAuthReturnOptions {
  /** Whether the lists are still loading: the outcome is read once they are in. */
  loading: boolean;
  /** The server's live connections. */
  connections: readonly Connection[] | undefined;
  /** A connection's provider name, for the banner. */
  providerName: (connection: Connection) => string;
  setNotice: (notice: CalendarConnectionsNotice) => void;
  /** Asks which calendar to sync into (skipped when the account has one writable calendar). */
  openPicker: (connectionId: string) => void;
}

/**
 * After the OAuth round trip, once the data is in: says what happened (naming the provider), asks for a
 * calendar only when the returned connection has none, and cleans the address bar so a reload does not repeat it.
 */
export function useOAuthReturn({
  loading,
  connections,
  providerName,
  setNotice,
  openPicker,
}: OAuthReturnOptions): void {
  const { messages } = useLocale();
  // Runs on every change, but acts once: the first run after loading removes the parameters it reads.
  useEffect(() => {
    const outcome = loading ? null : readOAuthReturn(window.location.search);
    if (outcome === null) return;
    window.history.replaceState(window.history.state, "", withoutOAuthReturn(window.location.href));
    if (outcome.outcome === "error") {
      setNotice({
        kind: "error",
        text: outcome.code ? messages.errors[outcome.code] : messages.unknownError,
      });
      return;
    }
    const { connectionId } = outcome;
    const connection = connections?.find((item) => item.id === connectionId);
    setNotice({
      kind: "connected",
      connectionId,
      text: connection
        ? format(messages.oauthConnected, { provider: providerName(connection) })
        : messages.oauthConnectedGeneric,
    });
    if (connection && !connection.calendarId) openPicker(connectionId);
  }, [loading, messages, connections, providerName, setNotice, openPicker]);
}
