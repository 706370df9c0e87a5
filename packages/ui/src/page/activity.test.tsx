import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { de } from "../i18n/de.ts";
import { panel, renderPage } from "../test/page.tsx";
import { fixtureActivity } from "../testing/activity-fixtures.ts";
import { CONNECTION_FIXTURES } from "../testing/fixtures.ts";

const liveRegion = (): Element | null => document.querySelector("[data-slot=live-region]");

/** Waits for the page to list the provider's panel. */
const loaded = (provider: string): Promise<HTMLElement> =>
  screen.findByRole("button", { name: new RegExp(`(actions for|Aktionen für) ${provider}`) });

async function openFailingEvents(provider = "Google Calendar"): Promise<HTMLElement> {
  await loaded(provider);
  await userEvent.click(
    await within(panel(provider)).findByRole("button", { name: `View failing events of ${provider}` }),
  );
  return screen.findByRole("dialog", { name: "Activity" });
}

describe("sync activity", () => {
  it("shows the counts and the last error in the panel", async () => {
    renderPage({
      connections: [CONNECTION_FIXTURES.connected, CONNECTION_FIXTURES.feed],
      activity: { conn_google: fixtureActivity(2) },
    });
    const activity = await waitFor(() => {
      const found = panel("Google Calendar").querySelector("[data-slot=connection-activity]");
      if (!found) throw new Error("no activity yet");
      return found;
    });
    expect(activity).toHaveTextContent("12 synced·3 waiting·2 failing");
    expect(activity).toHaveTextContent("Last error 5 minutes ago: Google answered 503 Service Unavailable.");
    // A feed writes no events: it has no sync activity.
    expect(panel("Calendar feed (ICS)").querySelector("[data-slot=connection-activity]")).toBeNull();
  });

  it("offers no View while nothing fails", async () => {
    renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      activity: { conn_google: fixtureActivity(0) },
    });
    await loaded("Google Calendar");
    await within(panel("Google Calendar")).findByText("0 failing");
    expect(within(panel("Google Calendar")).queryByRole("button", { name: /View failing/ })).toBeNull();
  });

  it("lists failing events a page at a time and retries one", async () => {
    const { client } = renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      activity: { conn_google: fixtureActivity(25) },
    });
    const dialog = await openFailingEvents();
    await waitFor(() => expect(within(dialog).getAllByRole("listitem")).toHaveLength(20));
    expect(within(dialog).getByText("Deleted event")).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(within(dialog).getAllByRole("listitem")).toHaveLength(25));
    expect(within(dialog).queryByRole("button", { name: "Load more" })).toBeNull();

    await userEvent.click(within(dialog).getByRole("button", { name: "Retry Team sync #3" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent("Team sync #3 will be sent again."),
    );
    expect(liveRegion()).toHaveTextContent("Team sync #3 will be sent again.");
    expect(client.calls.find((call) => call.method === "retryEvent")?.args).toEqual(["conn_google", "evt_3"]);
  });

  it("retries all failed events and says how many", async () => {
    renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      activity: { conn_google: fixtureActivity(9) },
    });
    const dialog = await openFailingEvents();
    await userEvent.click(await within(dialog).findByRole("button", { name: "Retry all failed" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent("3 events will be sent again."),
    );
    // Nothing gave up any more once the list is read again: no "Retry all failed".
    await waitFor(() =>
      expect(within(dialog).queryByRole("button", { name: "Retry all failed" })).toBeNull(),
    );
  });

  it("shows a failed retry in the dialog and returns focus on close", async () => {
    renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      activity: { conn_google: fixtureActivity(1) },
      failures: { retryEvent: "rate_limited" },
    });
    const dialog = await openFailingEvents();
    await userEvent.click(await within(dialog).findByRole("button", { name: "Retry Team sync #1" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent(
        "That did not work: Too many requests. Please wait a moment and try again.",
      ),
    );
    await userEvent.click(within(dialog).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(within(panel("Google Calendar")).getByRole("button", { name: /View failing/ })).toHaveFocus();
  });

  it("speaks German", async () => {
    renderPage(
      { connections: [CONNECTION_FIXTURES.connected], activity: { conn_google: fixtureActivity(2) } },
      { messages: de, locale: "de" },
    );
    await loaded("Google Calendar");
    await within(panel("Google Calendar")).findByText("2 fehlerhaft");
    await userEvent.click(
      within(panel("Google Calendar")).getByRole("button", {
        name: "Fehlerhafte Termine von Google Calendar ansehen",
      }),
    );
    const dialog = await screen.findByRole("dialog", { name: "Aktivität" });
    await waitFor(() => expect(within(dialog).getAllByRole("listitem")).toHaveLength(2));
    expect(within(dialog).getAllByRole("listitem")[0]).toHaveTextContent("Wird wiederholt · 2 Versuche");
    expect(within(dialog).getByRole("button", { name: "Team sync #1 wiederholen" })).toBeInTheDocument();
  });
});
