import { type Connection, isSafeReturnTo, type Provider } from "@org/calendar-connections-core";
import { QueryClient, QueryClientContext, QueryClientProvider, useQuery } from "@tanstack/react-query";
import {
  type ComponentProps,
  type ReactElement,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { CalendarPicker } from "../components/calendar-picker.tsx";
import { type ConnectionPending, ConnectionStatusPanel } from "../components/connection-status-panel.tsx";
import { DialogShell } from "../components/dialog-shell.tsx";
import { DisconnectDialog } from "../components/disconnect-dialog.tsx";
import { Button } from "../components/primitives.tsx";
import { ProviderCard, type ProviderCardState } from "../components/provider-card.tsx";
import { ServiceAccountForm } from "../components/service-account-form.tsx";
import {
  Banner,
  ConnectionPanelSkeleton,
  EmptyState,
  ErrorState,
  ProviderCardSkeleton,
} from "../components/states.tsx";
import { type CalendarConnectionsClient, createCalendarConnectionsClient } from "../data/client.ts";
import { CalendarConnectionsClientProvider, useCalendarConnectionsClient } from "../data/context.tsx";
import {
  useConnectProvider,
  useCreateConnection,
  useDisconnectConnection,
  useRefreshConnection,
  useSelectCalendar,
} from "../data/mutations.ts";
import {
  calendarConnectionsKeys,
  calendarsQueryOptions,
  connectionsQueryOptions,
  providersQueryOptions,
} from "../data/queries.ts";
import { MessagesProvider, useLocale } from "../i18n/context.tsx";
import type { MessageOverrides } from "../i18n/en.ts";
import { errorMessage, format } from "../i18n/format.ts";
import { readOAuthReturn, withoutOAuthReturn } from "./oauth-return.ts";
import { CalendarConnectionsRoot, type CalendarConnectionsTheme } from "./root.tsx";

export const DEFAULT_BASE_PATH = "/api/calendar-connections";

export interface CalendarConnectionsPageProps extends Omit<ComponentProps<"div">, "children"> {
  /** Where the host mounted the handler. */
  basePath?: string;
  /** A ready client (tests, stories, custom fetch); otherwise one is made for `basePath`. */
  client?: CalendarConnectionsClient;
  /** Used instead of the surrounding QueryClientProvider, or of the page's own. */
  queryClient?: QueryClient;
  messages?: MessageOverrides;
  /** BCP 47 tag for dates, e.g. "de". */
  locale?: string;
  theme?: CalendarConnectionsTheme;
  /** The clock relative dates are measured from. */
  now?: () => Date;
  /** How the browser is sent to the consent screen; defaults to `window.location.assign`. */
  navigate?: (url: string) => void;
  /** The same-origin path the OAuth callback returns to; defaults to the current page. */
  returnTo?: string;
  /**
   * Whose data it is, e.g. the signed-in user's or organization's id: part of every query key, and a change
   * starts the page afresh (no banner, dialog or cached data of the previous user survives).
   */
  cacheKey?: string;
}

/**
 * The whole "Calendar connections" admin page. Works inside the host's QueryClientProvider or brings its own.
 */
export function CalendarConnectionsPage({
  basePath = DEFAULT_BASE_PATH,
  client,
  queryClient,
  messages,
  locale,
  theme,
  now,
  navigate,
  returnTo,
  cacheKey,
  className,
  ...props
}: CalendarConnectionsPageProps): ReactElement {
  const hostQueryClient = useContext(QueryClientContext);
  const [ownQueryClient] = useState(
    () =>
      queryClient ??
      hostQueryClient ??
      new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } }),
  );
  const resolvedClient = useMemo(
    () => client ?? createCalendarConnectionsClient({ basePath }),
    [client, basePath],
  );
  const activeQueryClient = queryClient ?? hostQueryClient ?? ownQueryClient;
  // A host that removes the kit's queries (sign-out, user switch) gets a fresh page: the shown queries refetch
  // and the session's banners, dialogs and disconnected panels go. Garbage collection removes unobserved ones only.
  const [generation, setGeneration] = useState(0);
  useEffect(
    () =>
      activeQueryClient.getQueryCache().subscribe((event) => {
        if (
          event.type === "removed" &&
          event.query.queryKey[0] === calendarConnectionsKeys.root[0] &&
          event.query.getObserversCount() > 0
        )
          setGeneration((value) => value + 1);
      }),
    [activeQueryClient],
  );
  const content = (
    <CalendarConnectionsRoot theme={theme} className={className} {...props}>
      <MessagesProvider messages={messages} locale={locale} now={now}>
        <CalendarConnectionsClientProvider client={resolvedClient} navigate={navigate} cacheKey={cacheKey}>
          <PageContent key={`${generation} ${cacheKey}`} returnTo={returnTo} />
        </CalendarConnectionsClientProvider>
      </MessagesProvider>
    </CalendarConnectionsRoot>
  );
  if (hostQueryClient && !queryClient) return content;
  return <QueryClientProvider client={activeQueryClient}>{content}</QueryClientProvider>;
}

// A notice keeps the words it was created with: a later change of the data never rewords it.
type Notice =
  | { kind: "connected"; connectionId: string; text: string }
  | { kind: "error"; text: string }
  | { kind: "feed"; connectionId: string; url: string };

function currentReturnTo(explicit: string | undefined): string | undefined {
  const candidate =
    explicit ?? (typeof window === "undefined" ? undefined : withoutOAuthReturn(window.location.href));
  return candidate !== undefined && isSafeReturnTo(candidate) ? candidate : undefined;
}

// The server's catalog names each provider; a connection to a provider it no longer lists keeps its id.
function providerName(providers: readonly Provider[], connection: Connection): string {
  return providers.find((provider) => provider.id === connection.provider)?.name ?? connection.provider;
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <section aria-labelledby={id} data-slot={`${id}-section`} className="flex flex-col gap-3">
      <h2 id={id} tabIndex={-1} className="font-semibold text-fg outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}

const GRID = "grid grid-cols-1 gap-3 @xl:grid-cols-2 @4xl:grid-cols-3";

function PageContent({ returnTo }: { returnTo: string | undefined }): ReactElement {
  const { client, cacheKey } = useCalendarConnectionsClient();
  const { messages } = useLocale();
  const providersQuery = useQuery(providersQueryOptions(client, cacheKey));
  const connectionsQuery = useQuery(connectionsQueryOptions(client, cacheKey));
  const connect = useConnectProvider();
  const refresh = useRefreshConnection();
  const selectCalendar = useSelectCalendar();
  const disconnect = useDisconnectConnection();
  const create = useCreateConnection();

  const [notice, setNotice] = useState<Notice | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [picker, setPicker] = useState<{ connectionId: string; afterConnect: boolean } | null>(null);
  const [disconnectTarget, setDisconnectTarget] = useState<Connection | null>(null);
  // Connections disconnected in this session: the server lists live ones only, the page keeps showing these.
  const [disconnected, setDisconnected] = useState<Readonly<Record<string, Connection>>>({});
  const [feedUrls, setFeedUrls] = useState<Readonly<Record<string, string>>>({});
  // Where focus goes when a dialog closes: what opened it, or the panel's menu button if that was a menu item.
  const returnFocus = useRef<{ connectionId: string; element: Element | null } | null>(null);
  const rememberFocus = (connectionId: string): void => {
    const active = document.activeElement;
    returnFocus.current = { connectionId, element: active?.closest("[role=menu]") ? null : active };
  };
  const restoreFocus = (event: Event): void => {
    const target = returnFocus.current;
    if (!target) return;
    event.preventDefault();
    const panelElement = document.getElementById(`cc-panel-${target.connectionId}`);
    const fallback =
      panelElement?.querySelector<HTMLElement>("[data-slot=connection-actions-trigger]") ?? panelElement;
    const element =
      target.element instanceof HTMLElement && target.element.isConnected ? target.element : fallback;
    element?.focus();
  };

  const providers = providersQuery.data?.providers ?? [];
  const listed = connectionsQuery.data?.connections ?? [];
  const connections = [
    ...listed.filter((connection) => connection.status !== "disconnected" || connection.id in disconnected),
    ...Object.values(disconnected).filter((connection) => !listed.some((item) => item.id === connection.id)),
  ];
  const pickerConnection = connections.find((item) => item.id === picker?.connectionId);
  const calendarsQuery = useQuery({
    ...calendarsQueryOptions(client, picker?.connectionId ?? "", cacheKey),
    enabled: picker !== null,
  });
  const writable = calendarsQuery.data?.calendars.filter((calendar) => calendar.canWrite) ?? [];
  const pickerOpen = picker !== null && (!picker.afterConnect || writable.length > 1);

  const loading = providersQuery.isPending || connectionsQuery.isPending;
  const failed = providersQuery.isError || connectionsQuery.isError;

  // After the OAuth round trip, once the data is in: say what happened (naming the provider), ask for a calendar
  // only when the returned connection has none, and clean the address bar so a reload does not repeat it.
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
    const connection = connectionsQuery.data?.connections.find((item) => item.id === connectionId);
    setNotice({
      kind: "connected",
      connectionId,
      text: connection
        ? format(messages.oauthConnected, {
            provider: providerName(providersQuery.data?.providers ?? [], connection),
          })
        : messages.oauthConnectedGeneric,
    });
    if (connection && !connection.calendarId) setPicker({ connectionId, afterConnect: true });
  }, [loading, messages, connectionsQuery.data, providersQuery.data]);

  // After connecting, an account with one writable calendar needs no question.
  useEffect(() => {
    if (picker?.afterConnect && calendarsQuery.isSuccess && writable.length <= 1) setPicker(null);
  }, [picker, calendarsQuery.isSuccess, writable.length]);

  const fail = (error: unknown): void =>
    setNotice({
      kind: "error",
      text: format(messages.requestFailed, { reason: errorMessage(error, messages) }),
    });

  const startConnect = (provider: Provider["id"]): void => {
    setNotice(null);
    connect.mutate({ provider, returnTo: currentReturnTo(returnTo) }, { onError: fail });
  };
  const connectingProvider = connect.isPending || connect.isSuccess ? connect.variables?.provider : undefined;

  const cardState = (provider: Provider): ProviderCardState => {
    if (!provider.configured) return "not_configured";
    const taken =
      !provider.capabilities.multiplePerOrganization &&
      connections.some((item) => item.provider === provider.id && item.status !== "disconnected");
    if (taken) return "connected";
    const creating = create.isPending && create.variables?.provider === provider.id;
    return connectingProvider === provider.id || creating ? "connecting" : "available";
  };

  const pendingFor = (connection: Connection): ConnectionPending | null => {
    if (disconnect.isPending && disconnect.variables === connection.id) return "disconnecting";
    if (refresh.isPending && refresh.variables === connection.id) return "checking";
    if (connectingProvider === connection.provider) return "reconnecting";
    if (selectCalendar.isPending && selectCalendar.variables?.connectionId === connection.id) return "saving";
    return null;
  };

  const copyFeedUrl = (url: string): void => {
    void navigator.clipboard?.writeText(url).then(() => setAnnouncement(messages.copied));
  };

  return (
    <div
      data-slot="calendar-connections-page"
      data-state={failed ? "error" : loading ? "loading" : "ready"}
      className="@container flex w-full flex-col gap-6 bg-page"
    >
      <header className="flex flex-col gap-1">
        <h1 className="font-semibold text-fg text-xl leading-7 tracking-tight">{messages.pageTitle}</h1>
        <p className="max-w-prose text-muted">{messages.pageDescription}</p>
      </header>

      <p aria-live="polite" role="status" data-slot="live-region" className="sr-only">
        {announcement}
      </p>

      {notice?.kind === "feed" ? (
        <Banner tone="info" onDismiss={() => setNotice(null)} data-slot="feed-url-notice">
          <p className="font-medium">{messages.feedTitle}</p>
          <p className="text-muted">{messages.feedDescription}</p>
          <div className="mt-2 flex gap-2">
            <input
              readOnly
              value={notice.url}
              aria-label={messages.feedTitle}
              onFocus={(event) => event.currentTarget.select()}
              className="field focus-ring flex-1 font-mono caption"
            />
            <Button onClick={() => copyFeedUrl(notice.url)}>{messages.copy}</Button>
          </div>
        </Banner>
      ) : notice ? (
        <Banner tone={notice.kind === "error" ? "error" : "success"} onDismiss={() => setNotice(null)}>
          {notice.text}
        </Banner>
      ) : null}

      {failed ? (
        <ErrorState
          description={errorMessage(providersQuery.error ?? connectionsQuery.error, messages)}
          retrying={providersQuery.isFetching || connectionsQuery.isFetching}
          onRetry={() => {
            void providersQuery.refetch();
            void connectionsQuery.refetch();
          }}
        />
      ) : (
        <>
          <Section id="cc-connected" title={messages.connectedHeading}>
            {loading ? (
              <>
                <p role="status" className="sr-only">
                  {messages.loading}
                </p>
                <ConnectionPanelSkeleton />
              </>
            ) : connections.length === 0 ? (
              <EmptyState />
            ) : (
              <div className="flex flex-col gap-3">
                {connections.map((connection) => {
                  const name = providerName(providers, connection);
                  const capabilities = providers.find(
                    (item) => item.id === connection.provider,
                  )?.capabilities;
                  const feedUrl = feedUrls[connection.id];
                  return (
                    <ConnectionStatusPanel
                      key={connection.id}
                      id={`cc-panel-${connection.id}`}
                      connection={connection}
                      providerName={name}
                      pending={pendingFor(connection)}
                      onReconnect={capabilities?.oauth ? () => startConnect(connection.provider) : undefined}
                      onRetry={() =>
                        refresh.mutate(connection.id, {
                          onSuccess: (next) =>
                            setAnnouncement(
                              format(messages.checked, {
                                provider: name,
                                status: messages.status[next.status],
                              }),
                            ),
                          onError: fail,
                        })
                      }
                      onChangeCalendar={
                        capabilities?.calendarPicker
                          ? () => {
                              rememberFocus(connection.id);
                              setPicker({ connectionId: connection.id, afterConnect: false });
                            }
                          : undefined
                      }
                      onCopyFeedUrl={feedUrl ? () => copyFeedUrl(feedUrl) : undefined}
                      onDisconnect={() => {
                        rememberFocus(connection.id);
                        disconnect.reset();
                        setDisconnectTarget(connection);
                      }}
                    />
                  );
                })}
              </div>
            )}
          </Section>

          <Section id="cc-add" title={messages.addHeading}>
            <div className={GRID}>
              {loading
                ? [0, 1, 2].map((index) => <ProviderCardSkeleton key={index} />)
                : providers
                    .filter((provider) => provider.enabled)
                    .map((provider) => {
                      const state = cardState(provider);
                      const isFeed = provider.id === "ics";
                      const isServiceAccount = provider.id === "google-service-account";
                      return (
                        <ProviderCard
                          key={provider.id}
                          provider={provider}
                          state={state}
                          connectLabel={isFeed ? messages.connectFeed : undefined}
                          pendingLabel={isFeed ? messages.creating : undefined}
                          action={
                            isServiceAccount && (state === "available" || state === "connecting") ? (
                              <ServiceAccountForm
                                pending={state === "connecting"}
                                error={
                                  create.isError && create.variables?.provider === provider.id
                                    ? errorMessage(create.error, messages)
                                    : null
                                }
                                onSubmit={(calendarId) =>
                                  create.mutate({ provider: "google-service-account", calendarId })
                                }
                              />
                            ) : undefined
                          }
                          onConnect={
                            isFeed
                              ? () =>
                                  create.mutate(
                                    { provider: "ics" },
                                    {
                                      onSuccess: ({ connection, feedUrl }) => {
                                        if (!feedUrl) return;
                                        setFeedUrls((urls) => ({ ...urls, [connection.id]: feedUrl }));
                                        setNotice({
                                          kind: "feed",
                                          connectionId: connection.id,
                                          url: feedUrl,
                                        });
                                      },
                                      onError: fail,
                                    },
                                  )
                              : () => startConnect(provider.id)
                          }
                        />
                      );
                    })}
            </div>
          </Section>
        </>
      )}

      <DialogShell
        open={pickerOpen}
        onOpenChange={(open) => {
          if (!open) setPicker(null);
        }}
        slot="calendar-picker-dialog"
        state={calendarsQuery.isError ? "error" : calendarsQuery.isSuccess ? "ready" : "loading"}
        title={messages.pickerTitle}
        description={messages.pickerDescription}
        onCloseAutoFocus={restoreFocus}
      >
        <CalendarPicker
          key={picker?.connectionId}
          state={calendarsQuery.isError ? "error" : calendarsQuery.isSuccess ? "ready" : "loading"}
          calendars={calendarsQuery.data?.calendars}
          selectedId={pickerConnection?.calendarId}
          onRetry={() => void calendarsQuery.refetch()}
          onCancel={() => setPicker(null)}
          onSelect={(calendar) => {
            if (!picker) return;
            setPicker(null);
            selectCalendar.mutate(
              { connectionId: picker.connectionId, calendarId: calendar.id, calendarName: calendar.name },
              {
                onSuccess: () =>
                  setAnnouncement(format(messages.calendarSelected, { calendar: calendar.name })),
                onError: fail,
              },
            );
          }}
        />
      </DialogShell>

      <DisconnectDialog
        open={disconnectTarget !== null}
        onOpenChange={(open) => {
          if (!open) setDisconnectTarget(null);
        }}
        providerName={disconnectTarget ? providerName(providers, disconnectTarget) : ""}
        calendarName={disconnectTarget?.calendarName}
        pending={disconnect.isPending}
        error={disconnect.isError ? errorMessage(disconnect.error, messages) : null}
        onCloseAutoFocus={(event) => {
          if (!disconnect.isSuccess) return restoreFocus(event);
          // After a disconnect the menu button is gone: the panel, now Disconnected, takes focus.
          event.preventDefault();
          (
            document.getElementById(`cc-panel-${disconnect.variables}`) ?? document.getElementById("cc-add")
          )?.focus();
        }}
        onConfirm={() => {
          if (!disconnectTarget) return;
          const target = disconnectTarget;
          const { id } = target;
          const keep = (connection: Connection): void =>
            setDisconnected((kept) => ({ ...kept, [id]: connection }));
          keep({ ...target, status: "disconnected", health: null });
          disconnect.mutate(id, {
            onSuccess: (next) => {
              if (next) keep(next);
              setDisconnectTarget(null);
              // The disconnect announcement replaces the banners about this connection.
              setNotice((current) =>
                current && "connectionId" in current && current.connectionId === id ? null : current,
              );
              setAnnouncement(format(messages.disconnected, { provider: providerName(providers, target) }));
            },
          });
        }}
      />
    </div>
  );
}
