"use client";

import type { Calendar, Connection } from "@org/calendar-connections-core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { CalendarPickerDialogProps } from "../components/calendar-picker-dialog.tsx";
import type { ExistingEventsDialogProps } from "../components/existing-events-dialog.tsx";
import type { ExistingEvents } from "../data/client.ts";
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
  dialog: Omit<CalendarPickerDialogProps, "ref">;
  /** "Move the events already synced, or leave them?"; null until first asked, so its code loads then. */
  question: ExistingEventsDialogProps | null;
}

/** The picker dialog's state, the calendars query behind it, and the (optimistic) save. */
export function usePickerFlow(
  connections: readonly Connection[],
  /** How many events the product synced into a connection's current calendar (its activity's `synced`). */
  synced: (connection: Connection) => number,
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
  const [question, setQuestion] = useState<{
    connection: Connection;
    calendar: Calendar;
    count: number;
    open: boolean;
  } | null>(null);
  const close = (): void => setPicker(null);
  const save = (connectionId: string, calendar: Calendar, existingEvents?: ExistingEvents): void => {
    selectCalendar.mutate(
      { connectionId, calendarId: calendar.id, calendarName: calendar.name, existingEvents },
      {
        onSuccess: () =>
          feedback.announce(
            format(existingEvents === "move" ? messages.moveStarted : messages.calendarSelected, {
              calendar: calendar.name,
            }),
          ),
        onError: feedback.fail,
      },
    );
  };
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
        const connection = connections.find((item) => item.id === picker.connectionId);
        const count = connection ? synced(connection) : 0;
        // Another calendar while events sit in the old one: ask what becomes of them first.
        if (connection?.calendarId && connection.calendarId !== calendar.id && count > 0)
          setQuestion({ connection, calendar, count, open: true });
        else save(picker.connectionId, calendar);
      },
    },
    question: question && {
      open: question.open,
      onOpenChange: (open) => setQuestion({ ...question, open }),
      count: question.count,
      fromName: question.connection.calendarName ?? messages.noCalendar,
      toName: question.calendar.name,
      onCloseAutoFocus: focus.restore,
      onChoose: (choice) => {
        setQuestion({ ...question, open: false });
        save(question.connection.id, question.calendar, choice);
      },
    },
  };
}
