import { CalendarConnectionsPage, type CalendarConnectionsPageProps } from "@org/calendar-connections-ui";
import { createFakeClient, type FakeClientOptions, FIXED_NOW } from "@org/calendar-connections-ui/testing";
import { QueryClient } from "@tanstack/react-query";
import { type ReactElement, useState } from "react";

export interface PageStoryProps extends Omit<CalendarConnectionsPageProps, "client" | "queryClient"> {
  /** What the mocked API holds and how it answers; stories never reach the network. */
  api?: FakeClientOptions;
}

const fixedNow = (): Date => FIXED_NOW;

/** The page against an in-memory client, with a fresh cache per mount. */
export function PageStory({ api, ...props }: PageStoryProps): ReactElement {
  const [client] = useState(() => createFakeClient({ delay: 150, ...api }));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  return <CalendarConnectionsPage client={client} queryClient={queryClient} now={fixedNow} {...props} />;
}
