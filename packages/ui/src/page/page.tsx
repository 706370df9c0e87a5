"use client";

import type { ReactElement } from "react";
import { CalendarConnectionsProvider, type CalendarConnectionsProviderProps } from "./provider.tsx";
import {
  AddCalendarSection,
  CalendarConnectionsHeader,
  CalendarConnectionsLoadError,
  ConnectedSection,
  OAuthBanner,
} from "./sections.tsx";
import { useCalendarConnectionsPage } from "./state.tsx";

/** The page's props: those of `CalendarConnectionsProvider`, without children. */
export interface CalendarConnectionsPageProps extends Omit<CalendarConnectionsProviderProps, "children"> {}

function PageLayout(): ReactElement {
  const { status } = useCalendarConnectionsPage();
  return (
    <div
      data-slot="calendar-connections-page"
      data-state={status}
      className="@container flex w-full flex-col gap-6 bg-page"
    >
      <CalendarConnectionsHeader />
      <OAuthBanner />
      <CalendarConnectionsLoadError />
      <ConnectedSection />
      <AddCalendarSection />
    </div>
  );
}

/**
 * The whole "Calendar connections" admin page, as one drop-in: header, OAuth banner, "Connected" and
 * "Add a calendar". Works inside the host's QueryClientProvider or brings its own. To lay the sections out
 * differently, use `CalendarConnectionsProvider` with the section components.
 */
export function CalendarConnectionsPage(props: CalendarConnectionsPageProps): ReactElement {
  return (
    <CalendarConnectionsProvider {...props}>
      <PageLayout />
    </CalendarConnectionsProvider>
  );
}
