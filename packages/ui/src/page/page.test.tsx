import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { calendarConnectionsKeys } from "../data/queries.ts";
import { de } from "../i18n/de.ts";
import { panel, renderPage } from "../test/page.tsx";
import { createFakeClient } from "../testing/fake-client.ts";
import { CONNECTION_FIXTURES, FIXED_NOW, FIXTURE_CALENDARS, fixtureProviders } from "../testing/fixtures.ts";
import { CalendarConnectionsPage } from "./page.tsx";

beforeEach(() => {
  window.history.replaceState(null, "", "/admin/calendars");
});

describe("CalendarConnectionsPage", () => {
  it("shows skeletons, then the connections and one card per offered provider", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.syncFailing] });
    expect(document.querySelector("[data-slot=calendar-connections-page]")).toHaveAttribute(
      "data-state",
      "loading",
    );
    expect(screen.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeInTheDocument();
    await waitFor(() => expect(panel("Microsoft Outlook")).toHaveAttribute("data-state", "error"));
    const add = screen.getByRole("region", { name: "Add a calendar" });
    expect(
      within(add)
        .getAllByRole("article")
        .map((card) => card.getAttribute("data-provider")),
      // Microsoft is connected and allows one connection: not offered again.
    ).toEqual(["google", "ics"]);
    expect(within(add).getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  });

  it("shows the empty state, and the service account's card only when the server enables it", async () => {
    renderPage({
      providers: fixtureProviders({
        "google-service-account": { enabled: true },
        microsoft: { configured: false },
      }),
    });
    expect(await screen.findByText("No calendar connected yet")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Connect Google service account (legacy)" }));
    const dialog = await screen.findByRole("dialog", { name: "Connect Google service account (legacy)" });
    expect(within(dialog).getByRole("textbox", { name: "Calendar id" })).toHaveFocus();
    expect(screen.getByRole("button", { name: "Connect Microsoft Outlook", hidden: true })).toBeDisabled();
  });

  it("offers no card for a provider the organization has not enabled", async () => {
    renderPage();
    await screen.findByRole("button", { name: "Connect Google Calendar" });
    expect(screen.queryByRole("article", { name: "Google service account (legacy)" })).toBeNull();
  });

  it("connects: asks for the consent URL with the current page as returnTo, then sends the browser there", async () => {
    const { client, navigate } = renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Connect Google Calendar" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(expect.stringContaining("provider=google")));
    expect(client.calls.find((call) => call.method === "startOAuth")?.args).toEqual([
      "google",
      "/admin/calendars",
    ]);
    expect(screen.getByRole("button", { name: "Redirecting to Google Calendar…" })).toHaveAttribute(
      "aria-busy",
      "true",
    );
  });

  it("returns with success: banner, clean address bar, asks which calendar, and saves the choice", async () => {
    window.history.replaceState(
      null,
      "",
      "/admin/calendars?tab=2&calendarConnection=connected&connectionId=conn_new",
    );
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.noCalendar] });
    await waitFor(() => expect(screen.getByText("Google Calendar is connected.")).toBeInTheDocument());
    expect(window.location.search).toBe("?tab=2");
    const dialog = await screen.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(await within(dialog).findByRole("radio", { name: /On-call rota/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(panel("Google Calendar")).toHaveTextContent("On-call rota");
    expect(client.calls.find((call) => call.method === "selectCalendar")?.args).toEqual([
      "conn_new",
      "oncall@group.calendar.google.com",
    ]);
    await waitFor(() =>
      expect(document.querySelector("[data-slot=live-region]")).toHaveTextContent(
        "Events now sync into On-call rota.",
      ),
    );
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("Google Calendar is connected.")).toBeNull();
  });

  it("returns with an error: says what happened in words and cleans the address bar", async () => {
    window.history.replaceState(null, "", "/admin/calendars?calendarConnection=error&code=oauth_denied");
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Access was not granted, so nothing was connected.",
    );
    expect(window.location.search).toBe("");
  });

  it("does not echo a tampered error code", async () => {
    window.history.replaceState(null, "", "/admin/calendars?calendarConnection=error&code=%3Cscript%3E");
    renderPage();
    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong. Please try again.");
  });

  it("disconnects after confirmation: the panel stays as Disconnected with Reconnect, focused and announced", async () => {
    const { client, navigate } = renderPage({ connections: [CONNECTION_FIXTURES.connected] });
    await userEvent.click(await screen.findByRole("button", { name: "More actions for Google Calendar" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disconnect" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    expect(client.calls.some((call) => call.method === "disconnect")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    // The list refetched after the DELETE no longer holds it (as on the server); the session still shows it.
    await waitFor(() =>
      expect(client.calls.filter((call) => call.method === "listConnections")).toHaveLength(2),
    );
    expect(panel("Google Calendar")).toHaveAttribute("data-state", "disconnected");
    expect(panel("Google Calendar")).toHaveTextContent("Disconnected");
    expect(screen.queryByText("No calendar connected yet")).toBeNull();
    expect(document.querySelector("[data-slot=live-region]")).toHaveTextContent(
      "Google Calendar disconnected.",
    );
    expect(screen.getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
    expect(panel("Google Calendar")).toHaveFocus();
    expect(document.body).not.toHaveFocus();
    await userEvent.click(within(panel("Google Calendar")).getByRole("button", { name: "Reconnect" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(expect.stringContaining("provider=google")));
  });

  it("dismisses the OAuth banner when its connection is disconnected, never rewording it", async () => {
    window.history.replaceState(
      null,
      "",
      "/admin/calendars?calendarConnection=connected&connectionId=conn_google",
    );
    // One writable calendar: no picker, whether or not the connection has a calendar.
    const writable = FIXTURE_CALENDARS.filter((calendar) => calendar.canWrite).slice(0, 1);
    renderPage({ connections: [CONNECTION_FIXTURES.connected], calendars: { conn_google: writable } });
    expect(await screen.findByText("Google Calendar is connected.")).toBeInTheDocument();
    await userEvent.click(await screen.findByRole("button", { name: "More actions for Google Calendar" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disconnect" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await waitFor(() =>
      expect(document.querySelector("[data-slot=live-region]")).toHaveTextContent(
        "Google Calendar disconnected.",
      ),
    );
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(screen.queryByText("Google Calendar is connected.")).toBeNull();
    expect(screen.queryByText("Your calendar is connected.")).toBeNull();
  });

  it("does not ask for a calendar again when a reconnect returns a connection that has one", async () => {
    window.history.replaceState(
      null,
      "",
      "/admin/calendars?calendarConnection=connected&connectionId=conn_google",
    );
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.connected] });
    expect(await screen.findByText("Google Calendar is connected.")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(client.calls.some((call) => call.method === "listCalendars")).toBe(false);
    expect(panel("Google Calendar")).toHaveTextContent("Team events");
  });

  it("keys its cache by cacheKey: another user never sees the previous one's connections or banners", async () => {
    window.history.replaceState(
      null,
      "",
      "/admin/calendars?calendarConnection=connected&connectionId=conn_google",
    );
    const host = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const client = createFakeClient({ connections: [CONNECTION_FIXTURES.connected] });
    const page = (cacheKey: string) => (
      <QueryClientProvider client={host}>
        <CalendarConnectionsPage client={client} cacheKey={cacheKey} now={() => FIXED_NOW} />
      </QueryClientProvider>
    );
    const { rerender } = render(page("alice"));
    expect(await screen.findByText("Google Calendar is connected.")).toBeInTheDocument();
    client.connections = [];
    rerender(page("carol"));
    expect(screen.queryByText("Google Calendar is connected.")).toBeNull();
    expect(document.querySelector("[data-slot=connection-status-panel]")).toBeNull();
    expect(await screen.findByText("No calendar connected yet")).toBeInTheDocument();
    expect(host.getQueryData(calendarConnectionsKeys.connections("/fake", "alice"))).toMatchObject({
      connections: [{ id: "conn_google" }],
    });
  });

  it("starts afresh when the host removes the kit's queries (sign-out or user switch)", async () => {
    const host = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const client = createFakeClient({ connections: [CONNECTION_FIXTURES.connected] });
    render(
      <QueryClientProvider client={host}>
        <CalendarConnectionsPage client={client} now={() => FIXED_NOW} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(panel("Google Calendar")).toBeInTheDocument());
    client.connections = [];
    act(() => host.removeQueries({ queryKey: calendarConnectionsKeys.root }));
    expect(await screen.findByText("No calendar connected yet")).toBeInTheDocument();
    expect(document.querySelector("[data-slot=connection-status-panel]")).toBeNull();
  });

  it("rolls an optimistic disconnect back when the server refuses", async () => {
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.connected], delay: 30 });
    client.failures.disconnect = "provider_unavailable";
    await userEvent.click(await screen.findByRole("button", { name: "More actions for Google Calendar" }));
    await userEvent.click(await screen.findByRole("menuitem", { name: "Disconnect" }));
    const dialog = await screen.findByRole("alertdialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    expect(panel("Google Calendar")).toHaveAttribute("data-state", "disconnected");
    expect(within(dialog).getByRole("button", { name: "Disconnecting…" })).toBeInTheDocument();
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("not responding");
    expect(panel("Google Calendar")).toHaveAttribute("data-state", "active");
  });

  it("rolls an optimistic calendar change back when the server refuses", async () => {
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.connected], delay: 30 });
    client.failures.selectCalendar = "calendar_not_found";
    await userEvent.click(await screen.findByRole("button", { name: "Change calendar for Google Calendar" }));
    const dialog = await screen.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(await within(dialog).findByRole("radio", { name: /On-call rota/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    expect(panel("Google Calendar")).toHaveTextContent("On-call rota");
    expect(await screen.findByRole("alert")).toHaveTextContent("That calendar no longer exists");
    expect(panel("Google Calendar")).toHaveTextContent("Team events");
  });

  it("retries a failing sync from the panel and announces the result", async () => {
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.syncFailing] });
    await userEvent.click(await screen.findByRole("button", { name: "Retry now" }));
    await waitFor(() => expect(panel("Microsoft Outlook")).toHaveAttribute("data-state", "active"));
    expect(client.calls.find((call) => call.method === "refresh")?.args).toEqual(["conn_failing"]);
    expect(document.querySelector("[data-slot=live-region]")).toHaveTextContent(
      "Microsoft Outlook checked: Connected.",
    );
  });

  it("creates an ICS feed and shows its URL once", async () => {
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Create feed link" }));
    const url = await screen.findByRole("textbox", { name: "Your feed link" });
    expect(url).toHaveValue("https://app.example.test/api/calendar-connections/feeds/secret1.ics");
    // The button is gone: focus moves to the URL, ready to copy.
    await waitFor(() => expect(url).toHaveFocus());
    await waitFor(() =>
      expect(panel("Calendar feed (ICS)")).toHaveAttribute("data-slot", "connection-status-panel"),
    );
  });

  it("shows an error state with retry when loading fails", async () => {
    const { client } = renderPage({ failures: { listConnections: "network_error" } });
    expect(await screen.findByRole("alert")).toHaveTextContent("The server could not be reached");
    client.failures = {};
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No calendar connected yet")).toBeInTheDocument();
  });

  it("uses the host's QueryClientProvider when there is one", async () => {
    const host = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const client = createFakeClient({ connections: [CONNECTION_FIXTURES.connected] });
    render(
      <QueryClientProvider client={host}>
        <CalendarConnectionsPage client={client} now={() => FIXED_NOW} />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(panel("Google Calendar")).toBeInTheDocument());
    expect(host.getQueryData(["calendar-connections", "/fake", "", "connections"])).toMatchObject({
      connections: [{ id: "conn_google" }],
    });
  });

  it("speaks German with the German catalog and locale", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.connected] }, { messages: de, locale: "de" });
    expect(screen.getByRole("heading", { level: 1, name: "Kalenderverbindungen" })).toBeInTheDocument();
    await waitFor(() =>
      expect(panel("Google Calendar")).toHaveTextContent("Zuletzt synchronisiert vor 5 Minuten"),
    );
    expect(screen.getByRole("button", { name: "Microsoft Outlook verbinden" })).toBeInTheDocument();
  });

  it("takes partial message overrides", async () => {
    renderPage({}, { messages: { pageTitle: "Calendars", connect: "Link {provider}" } });
    expect(screen.getByRole("heading", { level: 1, name: "Calendars" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Link Google Calendar" })).toBeInTheDocument();
    expect(screen.getByText("Add a calendar")).toBeInTheDocument();
  });

  it("works by keyboard alone: menu, change calendar, save", async () => {
    renderPage({ connections: [CONNECTION_FIXTURES.connected] });
    const trigger = await screen.findByRole("button", { name: "More actions for Google Calendar" });
    trigger.focus();
    await userEvent.keyboard("{Enter}");
    await screen.findByRole("menu");
    await userEvent.keyboard("{Enter}");
    const dialog = await screen.findByRole("dialog", { name: "Choose a calendar" });
    const team = await within(dialog).findByRole("radio", { name: /Team events/ });
    team.focus();
    await userEvent.keyboard("{ArrowDown}");
    await userEvent.tab();
    await userEvent.tab();
    expect(within(dialog).getByRole("button", { name: "Save" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(panel("Google Calendar")).toHaveTextContent("On-call rota"));
    await waitFor(() => expect(trigger).toHaveFocus());
  });
});
