// The page with the provider fixture's own two providers (apps/provider-fixture), described exactly as
// the server's GET /providers describes them: what a host sees after passing its providers to the kit.
import { acmeCalendar, acmeDav } from "@org/calendar-connections-provider-fixture/providers";
import { describeProvider } from "@org/calendar-connections-server";
import { fixtureProviders } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

// Stories never reach the network: the endpoints are only named, never called.
const hostProviders = [
  acmeCalendar({
    clientId: "story-client",
    clientSecret: "story-secret",
    endpoints: {
      authorization: "https://auth.acme.example/auth",
      token: "https://auth.acme.example/token",
      revocation: "https://auth.acme.example/token/revocation",
    },
    apiBaseURL: "https://api.acme.example",
  }),
  acmeDav(),
].map((provider) => ({ ...describeProvider(provider, "en"), configured: true, enabled: true }));

const meta = {
  title: "Page/Host provider fixture",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: { providers: [...fixtureProviders(), ...hostProviders] },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The fixture's OAuth provider gets a card and a connect button, its form provider a card whose button opens its form. */
export const Cards: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole("button", { name: "Connect Acme Calendar" })).toBeEnabled();
    await expect(await canvas.findByRole("button", { name: /Acme DAV/ })).toBeEnabled();
  },
};

/** The form provider's form, rendered from the fields the server sent: the app password is a password field. */
export const Form: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole("button", { name: /Acme DAV/ }));
    const dialog = within(canvasElement.ownerDocument.body);
    await expect(await dialog.findByLabelText("Server URL")).toHaveAttribute("type", "url");
    await expect(dialog.getByLabelText("App password")).toHaveAttribute("type", "password");
    await expect(dialog.getByRole("button", { name: "Verify and connect" })).toBeEnabled();
  },
};
