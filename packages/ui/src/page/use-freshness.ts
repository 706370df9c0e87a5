"use client";

import type { Connection } from "@org/calendar-connections-core";
import { useIsMutating } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";

/** How often the connections are read while the page is visible: 15 s, doubling to 60 s while nothing changes. */
export const POLL_MS = { base: 15_000, max: 60_000 } as const;

/**
 * A `refetchInterval` that backs off while the data stays the same. TanStack Query asks for the interval on
 * every observer update, so it moves only when a fetch brought data (`dataUpdatedAt` changed); an unchanged
 * answer keeps its reference (structural sharing), a changed one starts again at the base interval.
 */
export function useBackoffInterval(): (query: {
  state: { dataUpdatedAt: number; data?: unknown };
}) => number {
  const seen = useRef<{ at: number; data: unknown; interval: number }>({
    at: 0,
    data: undefined,
    interval: POLL_MS.base,
  });
  return (query) => {
    const { dataUpdatedAt, data } = query.state;
    const last = seen.current;
    if (dataUpdatedAt !== last.at) {
      last.interval = data === last.data ? Math.min(last.interval * 2, POLL_MS.max) : POLL_MS.base;
      last.at = dataUpdatedAt;
      last.data = data;
    }
    return last.interval;
  };
}

/**
 * Announces a connection whose status changed between two reads of the list, unless the kit's own action
 * (a mutation in flight) changed it: that action announces itself.
 */
export function useStatusAnnouncer(
  listed: readonly Connection[] | undefined,
  providerName: (connection: Connection) => string,
  announce: (text: string) => void,
): void {
  const { messages } = useLocale();
  const mutating = useIsMutating();
  const seen = useRef<ReadonlyMap<string, Connection["status"]> | null>(null);
  const latest = useRef({ mutating, providerName, announce, messages });
  latest.current = { mutating, providerName, announce, messages };
  useEffect(() => {
    if (!listed) return;
    const before = seen.current;
    seen.current = new Map(listed.map((connection) => [connection.id, connection.status]));
    const now = latest.current;
    if (before === null || now.mutating > 0) return;
    const changed = listed.find(
      (connection) => before.has(connection.id) && before.get(connection.id) !== connection.status,
    );
    if (changed)
      now.announce(
        format(now.messages.statusChanged, {
          provider: now.providerName(changed),
          status: now.messages.status[changed.status],
        }),
      );
  }, [listed]);
}
