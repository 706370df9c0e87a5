"use client";

import { useState } from "react";
import { useLocale } from "../i18n/context.tsx";
import { errorMessage, format } from "../i18n/format.ts";

/**
 * The banner at the top of the page. It keeps the words it was created with: a later change of the data never
 * rewords it. `feed` shows a new feed's secret URL, the one time it can be shown.
 */
export type CalendarConnectionsNotice =
  | { kind: "connected"; connectionId: string; text: string }
  | { kind: "error"; text: string }
  | { kind: "feed"; connectionId: string; url: string };

/** What the page tells the admin: the banner, and the polite live region. */
export interface Feedback {
  notice: CalendarConnectionsNotice | null;
  setNotice: (notice: CalendarConnectionsNotice | null) => void;
  /** Drops the banner when it is about this connection (its disconnect replaces it). */
  dismissFor: (connectionId: string) => void;
  announcement: string;
  announce: (text: string) => void;
  /** Shows a failed request as an error banner, in the catalog's words. */
  fail: (error: unknown) => void;
  copyFeedUrl: (url: string) => void;
}

/** The page's banner and announcements. */
export function useFeedback(): Feedback {
  const { messages } = useLocale();
  const [notice, setNotice] = useState<CalendarConnectionsNotice | null>(null);
  const [announcement, announce] = useState("");
  return {
    notice,
    setNotice,
    dismissFor: (connectionId) =>
      setNotice((current) =>
        current && "connectionId" in current && current.connectionId === connectionId ? null : current,
      ),
    announcement,
    announce,
    fail: (error) =>
      setNotice({
        kind: "error",
        text: format(messages.requestFailed, { reason: errorMessage(error, messages) }),
      }),
    copyFeedUrl: (url) => {
      void navigator.clipboard?.writeText(url).then(() => announce(messages.copied));
    },
  };
}
