import {
  Banner,
  ConnectionActionsMenu,
  ConnectionPanelSkeleton,
  EmptyState,
  ErrorState,
  ProviderCardSkeleton,
} from "@org/calendar-connections-ui";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";

const meta = {
  title: "Parts/States",
  component: EmptyState,
  decorators: [(Story) => <div style={{ maxWidth: 720 }}>{Story()}</div>],
} satisfies Meta<typeof EmptyState>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const Loading: Story = {
  render: () => (
    <div style={{ display: "grid", gap: 12 }}>
      <ConnectionPanelSkeleton />
      <div style={{ display: "grid", gap: 12, gridTemplateColumns: "repeat(3, 1fr)" }}>
        <ProviderCardSkeleton />
        <ProviderCardSkeleton />
        <ProviderCardSkeleton />
      </div>
    </div>
  ),
};
export const ApiError: Story = { render: () => <ErrorState onRetry={fn()} /> };
export const Retrying: Story = { render: () => <ErrorState onRetry={fn()} retrying /> };
export const BannerConnected: Story = {
  render: () => (
    <Banner tone="success" onDismiss={fn()}>
      Google Calendar is connected.
    </Banner>
  ),
};
export const BannerError: Story = {
  render: () => (
    <Banner tone="error" onDismiss={fn()}>
      The sign-in took too long and expired. Please try connecting again.
    </Banner>
  ),
};
export const ActionsMenu: Story = {
  render: () => (
    <div style={{ display: "flex", justifyContent: "flex-end", minHeight: 200 }}>
      <ConnectionActionsMenu
        providerName="Google Calendar"
        defaultOpen
        onChangeCalendar={fn()}
        onCheck={fn()}
        onRequeue={fn()}
        onCopyFeedUrl={fn()}
        onDisconnect={fn()}
      />
    </div>
  ),
};
