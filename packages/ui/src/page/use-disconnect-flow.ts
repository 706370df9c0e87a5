"use client";

import type { Connection } from "@org/calendar-connections-core";
import { useState } from "react";
import type { DisconnectDialogProps } from "../components/disconnect-dialog.tsx";
import { useDisconnectConnection } from "../data/mutations.ts";
import { useLocale } from "../i18n/context.tsx";
import { errorMessage, format } from "../i18n/format.ts";
import type { Feedback } from "./use-feedback.ts";
import type { FocusReturn } from "./use-focus-return.ts";

/** Disconnecting, after confirmation. */
export interface DisconnectFlow {
  /** Connections disconnected in this session: the server lists live ones only, the page keeps showing these. */
  disconnected: Readonly<Record<string, Connection>>;
  /** Opens the confirmation for a connection. */
  ask: (connection: Connection) => void;
  /** The connection the confirmation is open for. */
  target: Connection | null;
  /** The connection being disconnected. */
  pendingId: string | undefined;
  dialog: DisconnectDialogProps;
}

/** The disconnect dialog's state, the optimistic disconnect, and where focus and the announcement go after it. */
export function useDisconnectFlow(
  providerName: (connection: Connection) => string,
  feedback: Feedback,
  focus: FocusReturn,
): DisconnectFlow {
  const { messages } = useLocale();
  const disconnect = useDisconnectConnection();
  const [target, setTarget] = useState<Connection | null>(null);
  const [disconnected, setDisconnected] = useState<Readonly<Record<string, Connection>>>({});
  const keep = (connection: Connection): void =>
    setDisconnected((kept) => ({ ...kept, [connection.id]: connection }));
  return {
    disconnected,
    target,
    ask: (connection) => {
      focus.remember(connection.id);
      disconnect.reset();
      setTarget(connection);
    },
    pendingId: disconnect.isPending ? disconnect.variables.id : undefined,
    dialog: {
      open: target !== null,
      onOpenChange: (open) => {
        if (!open) setTarget(null);
      },
      providerName: target ? providerName(target) : "",
      calendarName: target?.calendarName,
      pending: disconnect.isPending,
      error: disconnect.isError ? errorMessage(disconnect.error, messages) : null,
      // After a disconnect the menu button is gone: the panel, now Disconnected, takes focus.
      onCloseAutoFocus: (event) =>
        disconnect.isSuccess ? focus.toPanel(event, disconnect.variables.id) : focus.restore(event),
      onConfirm: (removeEvents) => {
        if (!target) return;
        const { id } = target;
        // Removing first: the panel stays, showing the removal, until the server disconnects it.
        if (!removeEvents) keep({ ...target, status: "disconnected", health: null });
        disconnect.mutate(
          { id, removeEvents },
          {
            onSuccess: (next) => {
              if (next && !removeEvents) keep(next);
              setTarget(null);
              // The disconnect announcement replaces the banners about this connection.
              feedback.dismissFor(id);
              const provider = providerName(target);
              feedback.announce(
                format(removeEvents ? messages.removeStarted : messages.disconnected, { provider }),
              );
            },
          },
        );
      },
    },
  };
}
