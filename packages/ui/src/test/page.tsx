import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { vi } from "vitest";
import { CalendarConnectionsPage, type CalendarConnectionsPageProps } from "../page/page.tsx";
import { createFakeClient, type FakeClient, type FakeClientOptions } from "../testing/fake-client.ts";
import { FIXED_NOW } from "../testing/fixtures.ts";

/** Renders the page against a fake API with a fresh QueryClient, the fixed clock and a navigation spy. */
export function renderPage(
  options: FakeClientOptions = {},
  props: Partial<CalendarConnectionsPageProps> = {},
): { client: FakeClient; navigate: ReturnType<typeof vi.fn>; queryClient: QueryClient } {
  const client = createFakeClient(options);
  const navigate = vi.fn();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <CalendarConnectionsPage
      client={client}
      queryClient={queryClient}
      navigate={navigate}
      now={() => FIXED_NOW}
      {...props}
    />,
  );
  return { client, navigate, queryClient };
}

/** The status panel of a provider, found even while a modal dialog hides the page from assistive technology. */
export function panel(name: string): HTMLElement {
  const panels = [...document.querySelectorAll<HTMLElement>("[data-slot=connection-status-panel]")];
  const found = panels.find((element) => element.querySelector("h3")?.textContent === name);
  if (!found) throw new Error(`no status panel for ${name}`);
  return found;
}
