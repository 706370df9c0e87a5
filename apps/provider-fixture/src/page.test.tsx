// @vitest-environment jsdom
import "@testing-library/jest-dom/vitest";
import { CalendarConnectionsPage, createCalendarConnectionsClient } from "@org/calendar-connections-ui";
import { installJsdomShims } from "@org/calendar-connections-ui/testing";
import { QueryClient } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { BASE, type Fixture, OPS, RETURN_TO, startFixture } from "./fixture.support.ts";

installJsdomShims();

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture();
});
afterEach(() => {
  cleanup();
});
afterAll(async () => {
  await fx.close();
});

/** The page as a host mounts it, its client's fetch going to the real kit through the admin's browser. */
function renderPage(): { navigate: ReturnType<typeof vi.fn<(url: string) => void>> } {
  const navigate = vi.fn<(url: string) => void>();
  const client = createCalendarConnectionsClient({
    basePath: BASE,
    fetch: (input, init) => fx.browser.fetch(input instanceof Request ? input.url : input, init),
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<CalendarConnectionsPage client={client} queryClient={queryClient} navigate={navigate} />);
  return { navigate };
}

const card = (name: string): HTMLElement =>
  within(screen.getByRole("region", { name: "Add a calendar", hidden: true })).getByRole("article", {
    name,
    hidden: true,
  });

/** The status panel of a connection, found even while a modal dialog hides the page. */
function panel(name: string): HTMLElement {
  const panels = [...document.querySelectorAll<HTMLElement>("[data-slot=connection-status-panel]")];
  const found = panels.find((element) => element.querySelector("h3")?.textContent === name);
  if (found === undefined) throw new Error(`no status panel for ${name}`);
  return found;
}

describe("<CalendarConnectionsPage/> with two providers the UI has never heard of", () => {
  it("shows the OAuth provider as a card whose button leads to oidc-provider's consent, and back", async () => {
    window.history.replaceState(null, "", RETURN_TO);
    const { navigate } = renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Connect Acme Calendar" }));
    expect(card("Acme Calendar")).toHaveAttribute("data-connect", "oauth");
    expect(card("Acme Calendar").querySelector("[data-slot=provider-icon]")).toHaveAttribute(
      "data-icon",
      "svg",
    );

    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    const authorizationURL = new URL(String(navigate.mock.calls[0]?.[0]));
    expect(`${authorizationURL.origin}${authorizationURL.pathname}`).toBe(fx.auth.endpoints.authorization);
    expect(authorizationURL.searchParams.get("code_challenge_method")).toBe("S256");

    // The browser goes to Acme, the admin signs in and consents, and the callback sends it back here.
    const landing = await fx.consentAtAcme(authorizationURL, ["offline_access", "calendar"]);
    expect(landing.url.pathname).toBe(RETURN_TO);
    cleanup();
    window.history.replaceState(null, "", `${landing.url.pathname}${landing.url.search}`);
    renderPage();
    expect(await screen.findByText("Acme Calendar is connected.")).toBeInTheDocument();
    const picker = await screen.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(await within(picker).findByRole("radio", { name: /Team events/ }));
    await userEvent.click(within(picker).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(panel("Acme Calendar")).toHaveTextContent("Team events"));
  });

  it("shows the form provider as a form whose submit verifies at Acme and creates the connection", async () => {
    window.history.replaceState(null, "", RETURN_TO);
    renderPage();
    await userEvent.click(await screen.findByRole("button", { name: "Connect Acme DAV" }));
    expect(card("Acme DAV")).toHaveAttribute("data-connect", "form");
    const dialog = await screen.findByRole("dialog", { name: "Connect Acme DAV" });
    const password = within(dialog).getByLabelText("App password");
    expect(password).toHaveAttribute("type", "password");
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Server URL" }), fx.api.url);
    await userEvent.type(within(dialog).getByRole("textbox", { name: "Username" }), OPS.email);

    // A wrong app password: the server's words under the field, nothing connected.
    await userEvent.type(password, "wrong-app-password");
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify and connect" }));
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(/The server refused this username and app password\./),
    );
    expect(document.querySelectorAll("[data-slot=connection-status-panel]")).toHaveLength(1);

    await userEvent.clear(password);
    await userEvent.type(password, OPS.appPassword);
    await userEvent.click(within(dialog).getByRole("button", { name: "Verify and connect" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(panel("Acme DAV")).toHaveTextContent("Ops"));
    expect(panel("Acme DAV")).toHaveTextContent(OPS.email);
    expect(
      fx.api
        .inspect()
        .requests.filter((request) => request.path === "/me")
        .at(-1),
    ).toEqual({
      method: "GET",
      path: "/me",
      status: 200,
      scheme: "Basic",
    });
  });
});
