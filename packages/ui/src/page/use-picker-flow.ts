"use client";

import type { Connection } from "@org/calendar-connections-core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CalendarPickerDialogProps } from "../components/calendar-picker-dialog.tsx";
import { useCalendarConnectionsClient } from "../data/context.tsx";
import { useSelectCalendar } from "../data/mutations.ts";
import { calendarsQueryOptions } from "../data/queries.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import type { Feedback } from "./use-feedback.ts";
import type { FocusReturn } from "./use-focus-return.ts";

/** Choosing the calendar a connection syncs into. */
export interface PickerFlow {
  /**
   * Opens the picker for a connection. `afterConnect`: right after connecting, where an account with one
   * writable calendar needs no question and the picker closes by itself.
   */
  open: (connectionId: string, afterConnect?: boolean) => void;
  /** The connection whose new calendar is being saved. */
  savingId: string | undefined;
  dialog: CalendarPickerDialogProps;
}

/** The picker dialog's state, the calendars query behind it, and the (optimistic) save. */
export function usePickerFlow(
  connections: readonly Connection[],
  feedback: Feedback,
  focus: FocusReturn,
): PickerFlow {
  const { client, cacheKey } = useCalendarConnectionsClient();
  const { messages } = useLocale();
  const selectCalendar = useSelectCalendar();
  const [picker, setPicker] = useState<{ connectionId: string; afterConnect: boolean } | null>(null);
  const calendarsQuery = useQuery({
    ...calendarsQueryOptions(client, picker?.connectionId ?? "", cacheKey),
    enabled: picker !== null,
  });
  const writable = calendarsQuery.data?.calendars.filter((calendar) => calendar.canWrite).length ?? 0;
  useEffect(() => {
    if (picker?.afterConnect && calendarsQuery.isSuccess && writable <= 1) setPicker(null);
  }, [picker, calendarsQuery.isSuccess, writable]);
  const close = (): void => setPicker(null);
  return {
    open: (connectionId, afterConnect = false) => {
      focus.remember(connectionId);
      setPicker({ connectionId, afterConnect });
    },
    savingId: selectCalendar.isPending ? selectCalendar.variables.connectionId : undefined,
    dialog: {
      open: picker !== null && (!picker.afterConnect || writable > 1),
      onOpenChange: (open) => {
        if (!open) close();
      },
      onCloseAutoFocus: focus.restore,
      state: calendarsQuery.isError ? "error" : calendarsQuery.isSuccess ? "ready" : "loading",
      calendars: calendarsQuery.data?.calendars,
      selectedId: connections.find((item) => item.id === picker?.connectionId)?.calendarId,
      onRetry: () => void calendarsQuery.refetch(),
      onCancel: close,
      onSelect: (calendar) => {
        if (!picker) return;
        close();
        selectCalendar.mutate(
          { connectionId: picker.connectionId, calendarId: calendar.id, calendarName: calendar.name },
          {
            onSuccess: () =>
              feedback.announce(format(messages.calendarSelected, { calendar: calendar.name })),
            onError: feedback.fail,
          },
        );
      },
    },
  };
}
