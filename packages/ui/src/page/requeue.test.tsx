import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { de } from "../i18n/de.ts";
import { en } from "../i18n/en.ts";
import { formatCount } from "../i18n/format.ts";
import { panel, renderPage } from "../test/page.tsx";
import { CONNECTION_FIXTURES } from "../testing/fixtures.ts";

const liveRegion = (): Element | null => document.querySelector("[data-slot=live-region]");

/** Opens a panel's actions menu (its trigger found by `trigger`) and chooses `label`. */
async function choose(provider: string, trigger: string, label: string): Promise<void> {
  await userEvent.click(await within(panel(provider)).findByRole("button", { name: trigger }));
  await userEvent.click(await screen.findByRole("menuitem", { name: label }));
}

const chooseRetryFailedEvents = (provider: string): Promise<void> =>
  choose(provider, `More actions for ${provider}`, "Retry failed events");

describe("Retry failed events", () => {
  it("requeues the connection's dead letters and announces how many", async () => {
    const { client } = renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      deadLetters: { conn_google: 3 },
    });
    await screen.findByRole("button", { name: "More actions for Google Calendar" });
    await chooseRetryFailedEvents("Google Calendar");
    await waitFor(() => expect(liveRegion()).toHaveTextContent("3 events will be sent again."));
    expect(client.calls.filter((call) => call.method === "requeueDeadLetters")).toEqual([
      { method: "requeueDeadLetters", args: ["conn_google"] },
    ]);
    // The mutation invalidates the kit's queries, so the list is read again.
    await waitFor(() =>
      expect(client.calls.filter((call) => call.method === "listConnections").length).toBeGreaterThan(1),
    );
  });

  it("says so when there is nothing to retry", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.syncFailing] });
    await screen.findByRole("button", { name: "More actions for Microsoft Outlook" });
    await chooseRetryFailedEvents("Microsoft Outlook");
    await waitFor(() => expect(liveRegion()).toHaveTextContent("No failed events to retry."));
  });

  it("shows a failure like the other actions do", async () => {
    renderPage({
      connections: [CONNECTION_FIXTURES.connected],
      failures: { requeueDeadLetters: "forbidden" },
    });
    await screen.findByRole("button", { name: "More actions for Google Calendar" });
    await chooseRetryFailedEvents("Google Calendar");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That did not work: Only organization admins can manage calendar connections.",
    );
    expect(liveRegion()).toHaveTextContent("");
  });

  it("is not offered for a read-only feed", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.feed] });
    await userEvent.click(await screen.findByRole("button", { name: /More actions for Calendar feed/ }));
    await screen.findByRole("menu");
    expect(screen.queryByRole("menuitem", { name: "Retry failed events" })).toBeNull();
  });

  it("speaks German", async () => {
    renderPage(
      { connections: [CONNECTION_FIXTURES.connected], deadLetters: { conn_google: 1 } },
      { messages: de, locale: "de" },
    );
    await screen.findByRole("button", { name: "Weitere Aktionen für Google Calendar" });
    await choose(
      "Google Calendar",
      "Weitere Aktionen für Google Calendar",
      "Fehlgeschlagene Termine erneut übertragen",
    );
    await waitFor(() => expect(liveRegion()).toHaveTextContent("1 Termin wird erneut übertragen."));
  });
});

describe("formatCount", () => {
  const forms = (messages: typeof en) => ({
    none: messages.requeuedNone,
    one: messages.requeuedOne,
    other: messages.requeuedOther,
  });

  it("picks none, one or other, with the count in the locale's digits", () => {
    expect(formatCount(0, "en", forms(en))).toBe("No failed events to retry.");
    expect(formatCount(1, "en", forms(en))).toBe("1 event will be sent again.");
    expect(formatCount(1200, "en", forms(en))).toBe("1,200 events will be sent again.");
    expect(formatCount(2, "de", forms(de))).toBe("2 Termine werden erneut übertragen.");
    expect(formatCount(1200, "de", forms(de))).toBe("1.200 Termine werden erneut übertragen.");
  });
});
