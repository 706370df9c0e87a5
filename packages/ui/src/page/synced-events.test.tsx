import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { panel, renderPage } from "../test/page.tsx";
import { fixtureActivity } from "../testing/activity-fixtures.ts";
import { CONNECTION_FIXTURES, fixtureConnection } from "../testing/fixtures.ts";

const GOOGLE = fixtureConnection();
const activity = { conn_google: fixtureActivity(0, { synced: 12, waiting: 0 }) };

async function openMenuItem(provider: string, item: string): Promise<void> {
  await userEvent.click(await screen.findByRole("button", { name: `More actions for ${provider}` }));
  await userEvent.click(await screen.findByRole("menuitem", { name: item }));
}

// Two dialogs and a save each: more than the default 5 s on a busy shared machine.
describe("the events already synced", { timeout: 15_000 }, () => {
  it("asks whether to move them when the calendar changes, sends the answer and shows the move", async () => {
    const { client } = renderPage({ connections: [GOOGLE], activity });
    await screen.findByText("12 synced");
    await openMenuItem("Google Calendar", "Change calendar");
    const picker = await screen.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(within(picker).getByRole("radio", { name: /On-call rota/ }));
    await userEvent.click(within(picker).getByRole("button", { name: "Save" }));
    const question = await screen.findByRole("dialog", {
      name: "What happens to the events already synced?",
    });
    expect(question).toHaveAccessibleDescription(
      "12 events this product added are in Team events. New events go to On-call rota.",
    );
    expect(within(question).getByRole("radio", { name: /Move them to On-call rota/ })).toBeChecked();
    await userEvent.click(within(question).getByRole("button", { name: "Change calendar" }));
    await waitFor(() =>
      expect(client.calls).toContainEqual({
        method: "selectCalendar",
        args: ["conn_google", "oncall@group.calendar.google.com", "move"],
      }),
    );
    expect(
      await within(panel("Google Calendar")).findByText("Moving events to On-call rota: 12 left"),
    ).toBeInTheDocument();
  });

  it("leaves them where they are when asked to", async () => {
    const { client } = renderPage({ connections: [GOOGLE], activity });
    await screen.findByText("12 synced");
    await openMenuItem("Google Calendar", "Change calendar");
    const picker = await screen.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(within(picker).getByRole("radio", { name: /On-call rota/ }));
    await userEvent.click(within(picker).getByRole("button", { name: "Save" }));
    const question = await screen.findByRole("dialog", { name: /already synced/ });
    await userEvent.click(within(question).getByRole("radio", { name: /Leave them in Team events/ }));
    await userEvent.click(within(question).getByRole("button", { name: "Change calendar" }));
    await waitFor(() =>
      expect(client.calls).toContainEqual({
        method: "selectCalendar",
        args: ["conn_google", "oncall@group.calendar.google.com", "leave"],
      }),
    );
  });

  it("offers to remove them on disconnect, and shows the removal until the server disconnects", async () => {
    const { client } = renderPage({ connections: [GOOGLE], activity });
    await screen.findByText("12 synced");
    await openMenuItem("Google Calendar", "Disconnect");
    const dialog = await screen.findByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    const remove = within(dialog).getByRole("checkbox", {
      name: /Also remove the 12 events this product added/,
    });
    expect(remove).not.toBeChecked();
    expect(dialog).toHaveAccessibleDescription(/Events already added to Team events stay there/);
    await userEvent.click(remove);
    expect(dialog).toHaveAccessibleDescription("Access is revoked at Google Calendar and syncing stops.");
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await waitFor(() =>
      expect(client.calls).toContainEqual({
        method: "disconnect",
        args: ["conn_google", { removeEvents: true }],
      }),
    );
    expect(
      await within(panel("Google Calendar")).findByText("Removing events: 12 left, then disconnecting"),
    ).toBeInTheDocument();
    expect(panel("Google Calendar")).toHaveAttribute("data-state", "active");
  });

  it("does not offer a removal when nothing was synced", async () => {
    renderPage({
      connections: [GOOGLE],
      activity: { conn_google: fixtureActivity(0, { synced: 0, waiting: 0 }) },
    });
    await screen.findByText("0 synced");
    await openMenuItem("Google Calendar", "Disconnect");
    const dialog = await screen.findByRole("alertdialog");
    expect(within(dialog).queryByRole("checkbox")).toBeNull();
  });
});

describe("a feed's link", { timeout: 15_000 }, () => {
  it("warns that the old link stops, then shows the new one", async () => {
    const { client } = renderPage({ connections: [CONNECTION_FIXTURES.feed] });
    await openMenuItem("Calendar feed (ICS)", "Regenerate link");
    const warning = await screen.findByRole("alertdialog", { name: "Regenerate the feed link?" });
    expect(warning).toHaveAccessibleDescription(/The old link stops working at once/);
    await userEvent.click(within(warning).getByRole("button", { name: "Regenerate link" }));
    const input = await screen.findByRole("textbox", { name: "Your feed link" });
    expect(client.calls.some((call) => call.method === "regenerateFeed")).toBe(true);
    expect((input as HTMLInputElement).value).toMatch(/\/feeds\/conn_feed-\d+\.ics$/);
    await waitFor(() => expect(input).toHaveFocus());
  });
});

describe("the locale", () => {
  it("follows the host's locale prop without a catalog passed", async () => {
    renderPage({ connections: [GOOGLE] }, { locale: "de-AT" });
    expect(await screen.findByRole("heading", { name: "Kalenderverbindungen" })).toBeInTheDocument();
  });

  it("defaults to the browser's language, and to English for one it has no catalog for", async () => {
    const language = vi.spyOn(navigator, "language", "get").mockReturnValue("de-DE");
    renderPage({ connections: [GOOGLE] });
    expect(await screen.findByRole("heading", { name: "Kalenderverbindungen" })).toBeInTheDocument();
    language.mockReturnValue("fr-FR");
    renderPage({ connections: [GOOGLE] });
    expect(await screen.findByRole("heading", { name: "Calendar connections" })).toBeInTheDocument();
    language.mockRestore();
  });
});

describe("health", () => {
  it("shows the provider's own words under the kit's sentence", async () => {
    renderPage({
      connections: [
        fixtureConnection({
          status: "needs_reauth",
          health: {
            reason: "token_revoked",
            message: "iCloud wants an app-specific password.",
            retryAt: null,
            fromProvider: true,
          },
        }),
      ],
    });
    expect(await screen.findByText("iCloud wants an app-specific password.")).toBeInTheDocument();
  });
});
