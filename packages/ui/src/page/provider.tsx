"use client";

import { QueryClient, QueryClientContext, QueryClientProvider } from "@tanstack/react-query";
import {
  type ComponentProps,
  type FocusEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { ProviderIconsProvider } from "../components/provider-icon.tsx";
import type { ProviderIconRegistry } from "../components/provider-icons.tsx";
import { type CalendarConnectionsClient, createCalendarConnectionsClient } from "../data/client.ts";
import { CalendarConnectionsClientProvider } from "../data/context.tsx";
import { calendarConnectionsKeys } from "../data/queries.ts";
import { MessagesProvider } from "../i18n/context.tsx";
import type { MessageOverrides } from "../i18n/en.ts";
import { DEFAULT_BASE_PATH } from "../nav.ts";
import {
  ActivityDialog,
  ConnectFormDialog,
  DisconnectDialog,
  ExistingEventsDialog,
  OnceOpened,
  PickerDialog,
  preloadDialogsFor,
  RegenerateFeedDialog,
} from "./lazy-dialogs.tsx";
import { CalendarConnectionsRoot, type CalendarConnectionsTheme } from "./root.tsx";
import { PageStateProvider, useCalendarConnectionsPage } from "./state.tsx";

/** Props of `CalendarConnectionsProvider` (and, without `children`, of the page). */
export interface CalendarConnectionsProviderProps extends ComponentProps<"div"> {
  /** Where the host mounted the handler. */
  basePath?: string;
  /** A ready client (tests, stories, custom fetch); otherwise one is made for `basePath`. */
  client?: CalendarConnectionsClient;
  /** Used instead of the surrounding QueryClientProvider, or of the page's own. */
  queryClient?: QueryClient;
  messages?: MessageOverrides;
  /** BCP 47 tag for dates, sent to the server for provider names and form labels, e.g. "de". */
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
  /** Marks for the icon keys of the host's own providers, e.g. `{ zoho: <svg…/> }` (see `ProviderIconsProvider`). */
  icons?: ProviderIconRegistry;
}

/** The page's dialogs and its live region, driven by the page state. */
function PageChrome(): ReactElement {
  const { dialogs, announcement } = useCalendarConnectionsPage();
  return (
    <>
      <p aria-live="polite" role="status" data-slot="live-region" className="sr-only">
        {announcement}
      </p>
      <OnceOpened open={dialogs.picker.open}>
        <PickerDialog.Dialog {...dialogs.picker} />
      </OnceOpened>
      <OnceOpened open={dialogs.disconnect.open}>
        <DisconnectDialog.Dialog {...dialogs.disconnect} />
      </OnceOpened>
      <OnceOpened open={dialogs.form !== null}>
        {dialogs.form ? <ConnectFormDialog.Dialog {...dialogs.form} /> : null}
      </OnceOpened>
      <OnceOpened open={dialogs.activity !== null}>
        {dialogs.activity ? <ActivityDialog.Dialog {...dialogs.activity} /> : null}
      </OnceOpened>
      <OnceOpened open={dialogs.existingEvents !== null}>
        {dialogs.existingEvents ? <ExistingEventsDialog.Dialog {...dialogs.existingEvents} /> : null}
      </OnceOpened>
      <OnceOpened open={dialogs.regenerateFeed !== null}>
        {dialogs.regenerateFeed ? <RegenerateFeedDialog.Dialog {...dialogs.regenerateFeed} /> : null}
      </OnceOpened>
    </>
  );
}

/**
 * Everything the page's sections need, for a host that lays them out itself: the kit's root (styles, theme,
 * dialogs), messages, icons, the client, the QueryClient (the host's, or its own) and the page state, plus the
 * dialogs and the live region. Put `OAuthBanner`, `ConnectedSection`, `AddCalendarSection` (or your own parts
 * reading `useCalendarConnectionsPage()`) anywhere inside.
 */
export function CalendarConnectionsProvider({
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
  icons,
  children,
  onPointerOver,
  onFocus,
  ...props
}: CalendarConnectionsProviderProps): ReactElement {
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
  const content: ReactNode = (
    <CalendarConnectionsRoot
      theme={theme}
      onPointerOver={(event: PointerEvent<HTMLDivElement>) => {
        preloadDialogsFor(event.target);
        onPointerOver?.(event);
      }}
      onFocus={(event: FocusEvent<HTMLDivElement>) => {
        preloadDialogsFor(event.target);
        onFocus?.(event);
      }}
      {...props}
    >
      <MessagesProvider messages={messages} locale={locale} now={now}>
        <ProviderIconsProvider icons={icons}>
          <CalendarConnectionsClientProvider client={resolvedClient} navigate={navigate} cacheKey={cacheKey}>
            <PageStateProvider key={`${generation} ${cacheKey}`} returnTo={returnTo}>
              {children}
              <PageChrome />
            </PageStateProvider>
          </CalendarConnectionsClientProvider>
        </ProviderIconsProvider>
      </MessagesProvider>
    </CalendarConnectionsRoot>
  );
  if (hostQueryClient && !queryClient) return <>{content}</>;
  return <QueryClientProvider client={activeQueryClient}>{content}</QueryClientProvider>;
}
