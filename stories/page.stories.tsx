import { de } from "@org/calendar-connections-ui/de";
import { CONNECTION_FIXTURES, fixtureProviders } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

const meta = {
  title: "Page/CalendarConnectionsPage",
  component: PageStory,
  args: { navigate: fn(), returnTo: "/admin/calendars" },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Puts the OAuth callback's parameters in the address bar before the page mounts. */
const returningWith = (query: string) => (): (() => void) => {
  const before = window.location.href;
  const url = new URL(before);
  for (const [key, value] of new URLSearchParams(query)) url.searchParams.set(key, value);
  window.history.replaceState(window.history.state, "", url);
  return () => window.history.replaceState(window.history.state, "", before);
};

export const Loading: Story = { args: { api: { hang: ["listProviders", "listConnections"] } } };

export const Empty: Story = { args: { api: {} } };

export const Connected: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.connected, CONNECTION_FIXTURES.feed] } },
};

export const NeedsAttention: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.needsReauth, CONNECTION_FIXTURES.syncFailing] } },
};

export const NotConfigured: Story = {
  args: {
    api: {
      providers: fixtureProviders({
        microsoft: { configured: false },
        "google-service-account": { enabled: true },
      }),
    },
  },
};

export const ApiError: Story = { args: { api: { failures: { listConnections: "storage_unavailable" } } } };

export const ReturnedConnected: Story = {
  name: "Returned from OAuth: several calendars",
  args: { api: { connections: [CONNECTION_FIXTURES.noCalendar] } },
  beforeEach: returningWith("calendarConnection=connected&connectionId=conn_new"),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("Google Calendar is connected.")).toBeInTheDocument();
    await expect(await canvas.findByRole("dialog", { name: "Choose a calendar" })).toBeInTheDocument();
  },
};

/** A reconnect returns a connection that already syncs into a calendar: the banner, and no picker. */
export const ReturnedReconnected: Story = {
  name: "Returned from OAuth: reconnected, calendar kept",
  args: { api: { connections: [CONNECTION_FIXTURES.connected] } },
  beforeEach: returningWith("calendarConnection=connected&connectionId=conn_google"),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByText("Google Calendar is connected.")).toBeInTheDocument();
    await expect(canvas.queryByRole("dialog")).toBeNull();
  },
};

export const ReturnedWithError: Story = {
  name: "Returned from OAuth: access denied",
  args: { api: {} },
  beforeEach: returningWith("calendarConnection=error&code=oauth_denied"),
};

export const German: Story = {
  args: { messages: de, locale: "de", api: { connections: [CONNECTION_FIXTURES.syncFailing] } },
};

/** Connect: the button asks for the consent URL and stays pending while the browser leaves. */
export const Connect: Story = {
  args: { api: {} },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Connect Google Calendar" }));
    await waitFor(() =>
      expect(args.navigate).toHaveBeenCalledWith(expect.stringContaining("provider=google")),
    );
    await expect(canvas.getByRole("button", { name: "Redirecting to Google Calendar…" })).toBeInTheDocument();
  },
};

/** Change calendar: pick another calendar; the panel shows it at once. */
export const ChangeCalendar: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.connected] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "Change calendar for Google Calendar" }));
    const dialog = await canvas.findByRole("dialog", { name: "Choose a calendar" });
    await userEvent.click(await within(dialog).findByRole("radio", { name: /On-call rota/ }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(canvas.queryByRole("dialog")).toBeNull());
    await waitFor(() => expect(canvas.getByText("On-call rota")).toBeInTheDocument());
  },
};

/**
 * Disconnect: confirm in the dialog. The server lists live connections only, yet the panel stays for the session,
 * reads Disconnected, takes focus and offers Reconnect; the provider can be connected again.
 */
export const Disconnect: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.connected] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: "More actions for Google Calendar" }));
    await userEvent.click(await canvas.findByRole("menuitem", { name: "Disconnect" }));
    const dialog = await canvas.findByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    await waitFor(() => expect(canvas.queryByRole("alertdialog")).toBeNull());
    const connected = canvas.getByRole("region", { name: "Connected" });
    const panel = await within(connected).findByRole("article", { name: "Google Calendar" });
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "disconnected"));
    await expect(within(panel).getByText("Disconnected")).toBeInTheDocument();
    await expect(within(panel).getByRole("button", { name: "Reconnect" })).toBeInTheDocument();
    await waitFor(() => expect(panel).toHaveFocus());
    await expect(await canvas.findByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  },
};
