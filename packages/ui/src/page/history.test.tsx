import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { de } from "../i18n/de.ts";
import { panel, renderPage } from "../test/page.tsx";
import { fixtureAudit } from "../testing/activity-fixtures.ts";
import { CONNECTION_FIXTURES, fixtureConnection } from "../testing/fixtures.ts";

const ALICE = fixtureConnection({ createdByName: "Alice Adams" });
const GONE = fixtureConnection({
  id: "conn_old",
  provider: "microsoft",
  accountEmail: "old@acme.example",
  status: "disconnected",
  disconnectedAt: "2026-11-01T09:00:00.000Z",
});

describe("history", () => {
  it("says who connected it and when, or only when without a name", async () => {
    renderPage({ connections: [ALICE, CONNECTION_FIXTURES.feed] });
    await screen.findByRole("button", { name: "More actions for Google Calendar" });
    expect(
      within(panel("Google Calendar")).getByText("Connected by Alice Adams on Nov 20"),
    ).toBeInTheDocument();
    expect(within(panel("Calendar feed (ICS)")).getByText("Connected on Nov 20")).toBeInTheDocument();
  });

  it("lists the audit log in the activity dialog, localized", async () => {
    renderPage(
      { connections: [ALICE], audit: { conn_google: fixtureAudit() } },
      { messages: de, locale: "de" },
    );
    await userEvent.click(
      await screen.findByRole("button", { name: "Weitere Aktionen für Google Calendar" }),
    );
    await userEvent.click(await screen.findByRole("menuitem", { name: "Aktivität ansehen" }));
    const dialog = await screen.findByRole("dialog", { name: "Aktivität" });
    const history = within(dialog).getByRole("region", { name: "Verlauf" });
    await waitFor(() => expect(within(history).getAllByRole("listitem")).toHaveLength(4));
    const items = within(history).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("Termin wiederholt von Alice Adams");
    expect(items[1]).toHaveTextContent(/^Zustand geändert/);
    expect(items[3]).toHaveTextContent("Verbunden von Alice Adams");
  });

  it("collapses the previously connected ones under the live ones", async () => {
    renderPage({ connections: [ALICE, GONE] });
    const summary = await screen.findByText("Previously connected (1)");
    const details = summary.closest("details");
    expect(details).not.toHaveAttribute("open");
    await userEvent.click(summary);
    expect(details).toHaveAttribute("open");
    expect(within(details as HTMLElement).getByRole("listitem")).toHaveTextContent(
      "Microsoft Outlook · old@acme.example",
    );
    expect(within(details as HTMLElement).getByRole("listitem")).toHaveTextContent("Disconnected on Nov 1");
    // Not a panel of its own: only the live connection is one.
    expect(document.querySelectorAll("[data-slot=connection-status-panel]")).toHaveLength(1);
  });
});

describe("honest states", () => {
  it("says Setup incomplete with Choose a calendar when a connection has none", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.noCalendar] });
    await screen.findByRole("button", { name: "More actions for Google Calendar" });
    const google = panel("Google Calendar");
    expect(within(google).getByText("Setup incomplete")).toBeInTheDocument();
    expect(google.querySelector("[data-slot=connection-activity]")).toBeNull();
    await userEvent.click(within(google).getByRole("button", { name: "Choose a calendar" }));
    expect(await screen.findByRole("dialog", { name: "Choose a calendar" })).toBeInTheDocument();
  });

  it("says when a feed was last fetched", async () => {
    renderPage(
      {
        connections: [
          CONNECTION_FIXTURES.feed,
          { ...CONNECTION_FIXTURES.connected, id: "c2", lastSyncedAt: null },
        ],
      },
      { messages: de, locale: "de" },
    );
    await screen.findByRole("button", { name: "Weitere Aktionen für Calendar feed (ICS)" });
    expect(panel("Calendar feed (ICS)").querySelector("[data-slot=connection-last-sync]")).toHaveTextContent(
      "Zuletzt abgerufen vor 2 Minuten",
    );
    expect(within(panel("Google Calendar")).getByText("Noch nicht synchronisiert")).toBeInTheDocument();
  });
});
