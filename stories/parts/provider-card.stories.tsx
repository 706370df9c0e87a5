import { ConnectButton, ProviderCard, ServiceAccountForm } from "@org/calendar-connections-ui";
import { fixtureProviders } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";

const [google, microsoft, ics, serviceAccount] = fixtureProviders({
  "google-service-account": { enabled: true },
});
if (!google || !microsoft || !ics || !serviceAccount) throw new Error("the provider fixtures changed");

const meta = {
  title: "Parts/ProviderCard",
  component: ProviderCard,
  args: { provider: google, state: "available", onConnect: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 320 }}>{Story()}</div>],
} satisfies Meta<typeof ProviderCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const NotConnected: Story = {};
export const Connecting: Story = { args: { state: "connecting" } };
export const Connected: Story = { args: { state: "connected" } };
export const NotConfigured: Story = { args: { provider: microsoft, state: "not_configured" } };
export const Feed: Story = { args: { provider: ics, connectLabel: "Create feed link" } };
export const ServiceAccount: Story = {
  args: { provider: serviceAccount, action: <ServiceAccountForm onSubmit={fn()} /> },
};

/** The button alone, in each of its states. */
export const Buttons: Story = {
  render: () => (
    <div style={{ display: "grid", gap: 12 }}>
      <ConnectButton providerName="Google Calendar" onConnect={fn()} />
      <ConnectButton providerName="Google Calendar" state="pending" />
      <ConnectButton providerName="Microsoft Outlook" state="not_configured" />
    </div>
  ),
};
