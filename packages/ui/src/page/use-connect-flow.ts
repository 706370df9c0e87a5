"use client";

import type { Connection, Provider } from "@org/calendar-connections-core";
import { isSafeReturnTo } from "@org/calendar-connections-core/light";
import { useMemo, useState } from "react";
import type { ConnectFormDialogProps } from "../components/connect-form-dialog.tsx";
import { connectFormErrors } from "../components/connect-form-errors.ts";
import { useConnectProvider, useCreateConnection } from "../data/mutations.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { withoutOAuthReturn } from "./oauth-return.ts";
import type { Feedback } from "./use-feedback.ts";
import { FEED_URL_ELEMENT_ID, type FocusReturn, panelElementId } from "./use-focus-return.ts";

/** Connecting and reconnecting, by each provider's connect kind. */
export interface ConnectFlow {
  /** `oauth`: off to the consent screen; `instant`: created at once; `form`: opens its form. */
  connect: (provider: Provider) => void;
  /** The Reconnect of a connection of this provider: OAuth again, or its form again; none for `instant`. */
  reconnect: (provider: Provider | undefined, connection: Connection) => (() => void) | undefined;
  /** The provider whose connect is in flight (a consent redirect, a create, a form submit). */
  connectingId: string | undefined;
  /** The connection a reconnect is in flight for (OAuth: any of the provider's). */
  isReconnecting: (connection: Connection) => boolean;
  /** Feed URLs created in this session, by connection id: the only time they can be copied. */
  feedUrls: Readonly<Record<string, string>>;
  /** Shows a feed's new secret link in the banner (its one showing) and keeps it for "Copy feed URL". */
  showFeedUrl: (connectionId: string, url: string) => void;
  /** The form dialog, once a `form` provider's form was opened. */
  dialog: ConnectFormDialogProps | null;
}

function currentReturnTo(explicit: string | undefined): string | undefined {
  const candidate =
    explicit ?? (typeof window === "undefined" ? undefined : withoutOAuthReturn(window.location.href));
  return candidate !== undefined && isSafeReturnTo(candidate) ? candidate : undefined;
}

/** The connect mutations and the form dialog of a `form` provider. */
export function useConnectFlow(
  returnTo: string | undefined,
  feedback: Feedback,
  focus: FocusReturn,
  openPicker: (connectionId: string, afterConnect: boolean) => void,
): ConnectFlow {
  const { messages } = useLocale();
  const oauth = useConnectProvider();
  const create = useCreateConnection();
  const [form, setForm] = useState<{ provider: Provider; connectionId?: string; open: boolean } | null>(null);
  const [feedUrls, setFeedUrls] = useState<Readonly<Record<string, string>>>({});
  const fields = form?.provider.connect.kind === "form" ? form.provider.connect.fields : [];
  const errors = useMemo(
    () => (create.isError ? connectFormErrors(create.error, fields, messages) : null),
    [create.isError, create.error, fields, messages],
  );

  const showFeedUrl = (connectionId: string, url: string): void => {
    setFeedUrls((urls) => ({ ...urls, [connectionId]: url }));
    feedback.setNotice({ kind: "feed", connectionId, url });
    focus.focusWhenShown(FEED_URL_ELEMENT_ID);
  };
  const startOAuth = (provider: Provider, connectionId?: string): void => {
    feedback.setNotice(null);
    oauth.mutate(
      { provider: provider.id, returnTo: currentReturnTo(returnTo), connectionId },
      { onError: feedback.fail },
    );
  };
  const connected = (provider: Provider, connection: Connection): void => {
    feedback.announce(format(messages.oauthConnected, { provider: provider.name }));
    if (provider.capabilities.calendarPicker && !connection.calendarId) openPicker(connection.id, true);
  };
  const openForm = (provider: Provider, connectionId?: string): void => {
    focus.remember(connectionId);
    create.reset();
    setForm({ provider, connectionId, open: true });
  };
  const oauthId = oauth.isPending || oauth.isSuccess ? oauth.variables.provider : undefined;

  return {
    connect: (provider) => {
      if (provider.connect.kind === "oauth") return startOAuth(provider);
      if (provider.connect.kind === "form") return openForm(provider);
      create.mutate(
        { provider: provider.id },
        {
          // The card's button is gone (the provider is connected): focus goes to what is new.
          onSuccess: ({ connection, feedUrl }) => {
            if (!feedUrl) {
              focus.focusWhenShown(panelElementId(connection.id));
              return connected(provider, connection);
            }
            showFeedUrl(connection.id, feedUrl);
          },
          onError: feedback.fail,
        },
      );
    },
    reconnect: (provider, connection) => {
      const kind = provider?.connect.kind;
      if (!provider || kind === "instant") return undefined;
      return kind === "oauth"
        ? () => startOAuth(provider, connection.id)
        : () => openForm(provider, connection.id);
    },
    connectingId: oauthId ?? (create.isPending ? create.variables.provider : undefined),
    isReconnecting: (connection) =>
      oauthId === connection.provider || (create.isPending && form?.connectionId === connection.id),
    feedUrls,
    showFeedUrl,
    dialog:
      form && form.provider.connect.kind === "form"
        ? {
            open: form.open,
            onOpenChange: (open) => setForm({ ...form, open }),
            title: format(form.connectionId ? messages.reconnectTitle : messages.connect, {
              provider: form.provider.name,
            }),
            description: form.provider.description,
            fields: form.provider.connect.fields,
            submitLabel: form.provider.connect.submitLabel,
            pending: create.isPending,
            fieldErrors: errors?.fieldErrors,
            formError: errors?.formError,
            onCloseAutoFocus: (event) =>
              create.isSuccess ? focus.toPanel(event, create.data.connection.id) : focus.restore(event),
            onSubmit: (input) => {
              const { provider } = form;
              create.mutate(
                { provider: provider.id, input },
                {
                  onSuccess: ({ connection }) => {
                    setForm({ ...form, open: false });
                    connected(provider, connection);
                  },
                },
              );
            },
          }
        : null,
  };
}
