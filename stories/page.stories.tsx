import { de } from "@org/calendar-connections-ui/de";
import {
  CONNECTION_FIXTURES,
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
  fixtureProviders,
} from "@org/calendar-connections-ui/testing";
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

/** Providers the kit has never heard of, among the built-ins: a host's `form` provider and OAuth provider. */
const WITH_HOST_PROVIDERS = [...fixtureProviders(), fixtureHostFormProvider(), fixtureHostOAuthProvider()];

/**
 * The page with a host's providers among the built-ins: Acme Calendar (a `form` provider with an inline SVG mark,
 * its connection needing a reconnect) and Zoho Calendar (OAuth, an icon key the kit has no mark for).
 */
export const WithHostProviders: Story = {
  args: {
    api: {
      providers: WITH_HOST_PROVIDERS,
      connections: [CONNECTION_FIXTURES.connected, CONNECTION_FIXTURES.hostForm],
    },
  },
};

/** The same page, the host having registered a mark for its `zoho` icon key. */
export const WithHostIcon: Story = {
  args: {
    ...WithHostProviders.args,
    icons: {
      zoho: (
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <rect width="24" height="24" rx="6" fill="#e42527" />
          <path d="M7 8h10L7 16h10" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      ),
    },
  },
};

/** Connect a host's form provider: the server refuses the app password, its message lands under that field. */
export const HostFormFieldError: Story = {
  name: "Host form provider: server field error",
  args: {
    api: {
      providers: WITH_HOST_PROVIDERS,
      failures: {
        createConnection: {
          type: "urn:calendar-connections:problem:validation_failed",
          title: "The request has invalid fields.",
          status: 400,
          code: "validation_failed",
          errors: [{ path: "input.appPassword", message: "Acme Calendar refused this app password." }],
        },
      },
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement.ownerDocument.body);
    await userEvent.click(await canvas.findByRole("button", { name: "Connect Acme Calendar" }));
    const dialog = await canvas.findByRole("dialog", { name: "Connect Acme Calendar" });
    const form = within(dialog);
    await userEvent.type(form.getByRole("textbox", { name: "Server URL" }), "https://dav.acme.example");
    await userEvent.type(form.getByRole("textbox", { name: "Username" }), "ops@acme.example");
    await userEvent.type(form.getByLabelText("App password"), "abcd-efgh");
    await userEvent.click(form.getByRole("button", { name: "Verify and connect" }));
    await waitFor(() => expect(form.getByLabelText("App password")).toHaveAttribute("aria-invalid", "true"));
    await expect(form.getByLabelText("App password")).toHaveFocus();
  },
};

/** Reconnect a host's form connection: the same form, titled for the reconnect. */
export const HostFormReconnect: Story = {
  name: "Host form provider: reconnect",
  args: { api: { providers: WITH_HOST_PROVIDERS, connections: [CONNECTION_FIXTURES.hostForm] } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement.ownerDocument.body);
    await userEvent.click(await canvas.findByRole("button", { name: "Reconnect" }));
    await expect(await canvas.findByRole("dialog", { name: "Reconnect Acme Calendar" })).toBeInTheDocument();
  },
};
