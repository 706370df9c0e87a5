import { attentionCount } from "@org/calendar-connections-ui/nav";
import { useEffect, useState } from "react";
import { api, type SessionInfo } from "../lib/api.ts";

const POLL_MS = 30_000;

/**
 * How many calendar connections need an admin (to reconnect, to fix a failing sync, to choose a
 * calendar), for the nav badge: polled while the tab is visible, and again when it comes back.
 */
export function useCalendarAttention(session: SessionInfo): number {
  const [count, setCount] = useState(0);
  const admin = session.user.role === "admin";
  useEffect(() => {
    if (!admin) return;
    let live = true;
    const load = async (): Promise<void> => {
      if (document.visibilityState !== "visible") return;
      try {
        const [{ connections }, { providers }] = await Promise.all([api.connections(), api.providers()]);
        const withoutCalendar = providers
          .filter((provider) => !provider.capabilities.calendarPicker)
          .map((provider) => provider.id);
        if (live) setCount(attentionCount(connections, { withoutCalendar }));
      } catch {
        // The badge keeps its last count; the page itself reports errors.
      }
    };
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    const onVisible = (): void => void load();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [admin]);
  return count;
}
