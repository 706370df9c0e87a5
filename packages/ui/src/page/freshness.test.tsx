import { act, renderHook, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { de } from "../i18n/de.ts";
import { panel, renderPage } from "../test/page.tsx";
import { CONNECTION_FIXTURES } from "../testing/fixtures.ts";
import { POLL_MS, useBackoffInterval } from "./use-freshness.ts";

const liveRegion = (): Element | null => document.querySelector("[data-slot=live-region]");

describe("freshness", () => {
  it("polls every 15 s, backing off to 60 s while nothing changes", () => {
    const { result } = renderHook(() => useBackoffInterval());
    const next = (at: number, data: unknown): number =>
      result.current({ state: { dataUpdatedAt: at, data } });
    const same = { connections: [] };
    expect(next(1, same)).toBe(POLL_MS.base);
    expect(next(1, same)).toBe(POLL_MS.base); // asked again without a fetch: unchanged
    expect(next(2, same)).toBe(30_000);
    expect(next(3, same)).toBe(POLL_MS.max);
    expect(next(4, same)).toBe(POLL_MS.max);
    expect(next(5, { connections: [] })).toBe(POLL_MS.base); // new data: back to 15 s
  });

  it("updates a connection in place and announces its new status", async () => {
    const { client, queryClient } = renderPage(
      { connections: [CONNECTION_FIXTURES.connected] },
      { messages: de, locale: "de" },
    );
    await screen.findByRole("button", { name: "Weitere Aktionen für Google Calendar" });
    const before = panel("Google Calendar");
    client.connections = [{ ...CONNECTION_FIXTURES.needsReauth, id: "conn_google" }];
    await act(() => queryClient.refetchQueries());
    await waitFor(() => expect(panel("Google Calendar")).toHaveAttribute("data-state", "needs_reauth"));
    expect(panel("Google Calendar")).toBe(before);
    expect(liveRegion()).toHaveTextContent("Google Calendar: Neu verbinden nötig.");
  });

  it("keeps the last data on a failed refetch, with Couldn't refresh · Try again", async () => {
    const { client, queryClient } = renderPage({ connections: [CONNECTION_FIXTURES.connected] });
    await screen.findByRole("button", { name: "More actions for Google Calendar" });
    client.failures.listConnections = "network_error";
    await act(() => queryClient.refetchQueries().catch(() => undefined));
    const notice = await screen.findByText("Couldn't refresh");
    expect(panel("Google Calendar")).toBeInTheDocument();
    expect(screen.queryByText("Calendar connections could not be loaded")).toBeNull();
    delete client.failures.listConnections;
    await userEvent.click(within(notice).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByText("Couldn't refresh")).toBeNull());
  });
});
