"use client";

import type { Connection } from "@org/calendar-connections-core";
import { useState } from "react";
import type { RegenerateFeedDialogProps } from "../components/regenerate-feed-dialog.tsx";
import { useRegenerateFeed } from "../data/mutations.ts";
import { useLocale } from "../i18n/context.tsx";
import { errorMessage } from "../i18n/format.ts";
import type { Feedback } from "./use-feedback.ts";
import type { FocusReturn } from "./use-focus-return.ts";

/** "Regenerate link" of a feed: the warning, the request, and the new link shown once. */
export interface FeedFlow {
  /** Opens the warning for a feed connection. */
  ask: (connection: Connection) => void;
  /** The feed whose link is being replaced. */
  pendingId: string | undefined;
  /** The warning's props; null until first asked, so its code loads then. */
  dialog: RegenerateFeedDialogProps | null;
}

/** The regenerate warning's state and what follows it: the new link in the banner, the old one dead. */
export function useFeedFlow(
  showFeedUrl: (connectionId: string, url: string) => void,
  feedback: Feedback,
  focus: FocusReturn,
): FeedFlow {
  const { messages } = useLocale();
  const regenerate = useRegenerateFeed();
  const [target, setTarget] = useState<{ id: string; open: boolean } | null>(null);
  return {
    ask: (connection) => {
      focus.remember(connection.id);
      regenerate.reset();
      setTarget({ id: connection.id, open: true });
    },
    pendingId: regenerate.isPending ? regenerate.variables : undefined,
    dialog: target && {
      open: target.open,
      onOpenChange: (open) => setTarget({ ...target, open }),
      pending: regenerate.isPending,
      error: regenerate.isError ? errorMessage(regenerate.error, messages) : null,
      // On success the banner's link input takes focus (see `showFeedUrl`); else back to the menu.
      onCloseAutoFocus: (event) => {
        if (regenerate.isSuccess) event.preventDefault();
        else focus.restore(event);
      },
      onConfirm: () =>
        regenerate.mutate(target.id, {
          onSuccess: ({ feedUrl }) => {
            setTarget({ ...target, open: false });
            if (feedUrl) showFeedUrl(target.id, feedUrl);
            feedback.announce(messages.feedRegenerated);
          },
        }),
    },
  };
}
