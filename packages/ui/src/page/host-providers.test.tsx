import type { Problem } from "@org/calendar-connections-core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { calendarConnectionsKeys } from "../data/queries.ts";
import { de } from "../i18n/de.ts";
import { panel, renderPage } from "../test/page.tsx";
import { createFakeClient } from "../testing/fake-client.ts";
import {
  CONNECTION_FIXTURES,
  FIXED_NOW,
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
  fixtureProviders,
} from "../testing/fixtures.ts";
import { CalendarConnectionsProvider } from "./provider.tsx";
import { AddCalendarSection, ConnectedSection, OAuthBanner } from "./sections.tsx";

const HOSTED = [...fixtureProviders(), fixtureHostFormProvider(), fixtureHostOAuthProvider()];

/** A provider's card in "Add a calendar" (a status panel is an article of the same name). */
const card = (name: string): HTMLElement =>
  within(screen.getByRole("region", { name: /Add a calendar|Integrations/, hidden: true })).getByRole(
    "article",
    {
      name,
      hidden: true,
    },
  );

async function openAcmeForm(): Promise<HTMLElement> {
  await userEvent.click(await screen.findByRole("button", { name: "Connect Acme Calendar" }));
  return screen.findByRole("dialog", { name: "Connect Acme Calendar" });
}

async function fillAcme(dialog: HTMLElement): Promise<void> {
  await userEvent.type(
    within(dialog).getByRole("textbox", { name: "Server URL" }),
    "https://dav.acme.example",
  );
  await userEvent.type(within(dialog).getByRole("textbox", { name: "Username" }), "ops@acme.example");
  await userEvent.type(within(dialog).getByLabelText("App password"), "abcd-efgh");
}

beforeEach(() => {
  window.history.replaceState(null, "", "/admin/calendars");
});

describe("providers the kit has never heard of", () => {
  it("renders a host's form and OAuth providers as cards, in the server's order", async () => {
    renderPage({ providers: HOSTED });
    await screen.findByRole("button", { name: "Connect Acme Calendar" });
    const add = screen.getByRole("region", { name: "Add a calendar" });
    expect(
      within(add)
        .getAllByRole("article")
        .map((item) => [item.getAttribute("data-provider"), item.getAttribute("data-connect")]),
    ).toEqual([
      ["google", "oauth"],
      ["microsoft", "oauth"],
      ["ics", "instant"],
      ["acme-calendar", "form"],
      ["zoho-calendar", "oauth"],
    ]);
    expect(within(card("Acme Calendar")).getByText("Writes events")).toBeInTheDocument();
  });

  it("shows an svg icon as an image, and an unknown icon key as the neutral fallback", async () => {
    renderPage({ providers: HOSTED });
    await screen.findByRole("button", { name: "Connect Acme Calendar" });
    const acmeIcon = card("Acme Calendar").querySelector("[data-slot=provider-icon]");
    expect(acmeIcon).toHaveAttribute("data-icon", "svg");
    expect(acmeIcon?.querySelector("img")?.getAttribute("src")).toMatch(
      /^data:image\/svg\+xml;charset=utf-8,%3Csvg/,
    );
    expect(card("Zoho Calendar").querySelector("[data-slot=provider-icon]")).toHaveAttribute(
      "data-icon",
      "fallback",
    );
  });

  it("uses an icon the host registers on the page", async () => {
    renderPage(
      { providers: HOSTED },
      { icons: { zoho: <svg data-testid="zoho-mark" viewBox="0 0 24 24" /> } },
    );
    await screen.findByRole("button", { name: "Connect Zoho Calendar" });
    expect(within(card("Zoho Calendar")).getByTestId("zoho-mark")).toBeInTheDocument();
    expect(card("Zoho Calendar").querySelector("[data-slot=provider-icon]")).toHaveAttribute(
      "data-icon",
      "registered",
    );
  });

  it("starts OAuth for a host's OAuth provider", async () => {
    const { client, navigate } = renderPage({ providers: HOSTED });
    await userEvent.click(await screen.findByRole("button", { name: "Connect Zoho Calendar" }));
    await waitFor(() =>
      expect(navigate).toHaveBeenCalledWith(expect.stringContaining("provider=zoho-calendar")),
    );
    expect(client.calls.find((call) => call.method === "startOAuth")?.args[0]).toBe("zoho-calendar");
  });

  it("opens a form provider's form in a dialog and checks required fields before sending anything", async () => {
    const { client } = renderPage({ providers: HOSTED });
    const dialog = await openAcmeForm();
    const url = within(dialog).getByRole("textbox", { name: "Server URL" });
    expect(url).toHaveFocus();
    expect(within(dialog).getByLabelText("App password")).toHaveAttribute("type", "password");
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify and connect" }));
    expect(url).toHaveAttribute("aria-invalid", "true");
    expect(url).toHaveAccessibleDescription(/Server URL is required\./);
    expect(url).toHaveFocus();
    expect(client.calls.some((call) => call.method === "createConnection")).toBe(false);
    await userEvent.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByRole("button", { name: "Connect Acme Calendar" })).toHaveFocus();
  });

  it("sends { provider, input }, then shows the connection, focuses its panel and asks for the calendar", async () => {
    const { client } = renderPage({ providers: HOSTED });
    const dialog = await openAcmeForm();
    await fillAcme(dialog);
    await userEvent.keyboard("{Enter}");
    expect(client.calls.find((call) => call.method === "createConnection")?.args).toEqual([
      {
        provider: "acme-calendar",
        input: {
          serverUrl: "https://dav.acme.example",
          username: "ops@acme.example",
          appPassword: "abcd-efgh",
        },
      },
    ]);
    // Acme has several calendars: the picker follows, as after an OAuth round trip.
    const picker = await screen.findByRole("dialog", { name: "Choose a calendar" });
    expect(panel("Acme Calendar")).toHaveAttribute("data-state", "active");
    expect(document.querySelector("[data-slot=live-region]")).toHaveTextContent(
      "Acme Calendar is connected.",
    );
    await userEvent.click(await within(picker).findByRole("radio", { name: /Team events/ }));
    await userEvent.click(within(picker).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(panel("Acme Calendar")).toHaveTextContent("Team events"));
    await waitFor(() =>
      expect(within(panel("Acme Calendar")).getByRole("button", { name: /More actions/ })).toHaveFocus(),
    );
    // Acme allows one connection per organization: it is no longer offered under "Add a calendar".
    expect(
      within(screen.getByRole("region", { name: "Add a calendar" })).queryByRole("article", {
        name: "Acme Calendar",
      }),
    ).toBeNull();
  });

  it("puts a server field error under its field, and other problems at the form level", async () => {
    const refused: Problem = {
      type: "urn:calendar-connections:problem:validation_failed",
      title: "The request has invalid fields.",
      status: 400,
      code: "validation_failed",
      errors: [{ path: "input.appPassword", message: "Acme refused this app password." }],
    };
    const { client } = renderPage({ providers: HOSTED, failures: { createConnection: refused } });
    const dialog = await openAcmeForm();
    await fillAcme(dialog);
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify and connect" }));
    const secret = within(dialog).getByLabelText("App password");
    await waitFor(() => expect(secret).toHaveAttribute("aria-invalid", "true"));
    expect(secret).toHaveAccessibleDescription(/Acme refused this app password\./);
    expect(secret).toHaveFocus();
    expect(within(dialog).queryByRole("alert")).toBeNull();

    client.failures.createConnection = { ...refused, code: "provider_unavailable", status: 502, errors: [] };
    client.failures.createConnection.detail = "Acme Calendar answered 503.";
    await userEvent.type(secret, "x");
    expect(secret).not.toHaveAttribute("aria-invalid");
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify and connect" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Acme Calendar answered 503.");
  });

  it("reconnects a form connection through the same form", async () => {
    const { client } = renderPage({
      providers: HOSTED,
      connections: [CONNECTION_FIXTURES.hostForm],
      calendars: { conn_acme: [] },
    });
    await waitFor(() => expect(panel("Acme Calendar")).toHaveAttribute("data-state", "needs_reauth"));
    const reconnect = within(panel("Acme Calendar")).getByRole("button", { name: "Reconnect" });
    await userEvent.click(reconnect);
    const dialog = await screen.findByRole("dialog", { name: "Reconnect Acme Calendar" });
    await fillAcme(dialog);
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(client.calls.find((call) => call.method === "createConnection")?.args[0]).toMatchObject({
      provider: "acme-calendar",
    });
    await waitFor(() => expect(panel("Acme Calendar")).toHaveAttribute("data-state", "active"));
    expect(panel("Acme Calendar")).toHaveFocus();
  });

  it("connects an instant provider with one button, which posts { provider } only", async () => {
    const instant = fixtureHostOAuthProvider({
      id: "team-ical",
      name: "Team iCal",
      connect: { kind: "instant" },
      capabilities: { calendarPicker: false, multiplePerOrganization: false, writesEvents: true },
    });
    const { client } = renderPage({ providers: [instant] });
    await userEvent.click(await screen.findByRole("button", { name: "Connect Team iCal" }));
    // Its only provider connected, "Add a calendar" has nothing left to offer and goes.
    await waitFor(() => expect(screen.queryByRole("region", { name: "Add a calendar" })).toBeNull());
    expect(client.calls.find((call) => call.method === "createConnection")?.args).toEqual([
      { provider: "team-ical" },
    ]);
    // Not a feed: no URL to show, just the new connection.
    expect(document.querySelector("[data-slot=feed-url-notice]")).toBeNull();
    expect(panel("Team iCal")).toHaveAttribute("data-state", "active");
    await waitFor(() => expect(panel("Team iCal")).toHaveFocus());
  });

  it("sends the page's locale to GET /providers and keys the cache by it", async () => {
    const { client, queryClient } = renderPage({ providers: HOSTED }, { messages: de, locale: "de" });
    await screen.findByRole("button", { name: "Acme Calendar verbinden" });
    expect(client.calls.find((call) => call.method === "listProviders")?.args).toEqual(["de"]);
    expect(
      queryClient.getQueryData(calendarConnectionsKeys.providers("/fake", undefined, "de")),
    ).toBeDefined();
    expect(
      queryClient.getQueryData(calendarConnectionsKeys.providers("/fake", undefined, "en")),
    ).toBeUndefined();
  });

  it("lets a host lay the sections out itself", async () => {
    const client = createFakeClient({ providers: HOSTED, connections: [CONNECTION_FIXTURES.connected] });
    const host = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={host}>
        <CalendarConnectionsProvider client={client} now={() => FIXED_NOW} className="my-layout">
          <aside>
            <AddCalendarSection title="Integrations" />
          </aside>
          <main>
            <OAuthBanner />
            <ConnectedSection />
          </main>
        </CalendarConnectionsProvider>
      </QueryClientProvider>,
    );
    expect(await screen.findByRole("region", { name: "Integrations" })).toBeInTheDocument();
    await waitFor(() => expect(panel("Google Calendar")).toBeInTheDocument());
    expect(document.querySelector("[data-cc-root]")).toHaveClass("my-layout");
    expect(document.querySelector("[data-slot=calendar-connections-page]")).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Connect Acme Calendar" }));
    expect(await screen.findByRole("dialog", { name: "Connect Acme Calendar" })).toBeInTheDocument();
  });
});
