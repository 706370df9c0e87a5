import { ConnectionStatusPanel } from "@org/calendar-connections-ui";
import { CONNECTION_FIXTURES } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";

const meta = {
  title: "Parts/ConnectionStatusPanel",
  component: ConnectionStatusPanel,
  args: {
    connection: CONNECTION_FIXTURES.connected,
    providerName: "Google Calendar",
    onReconnect: fn(),
    onRetry: fn(),
    onChangeCalendar: fn(),
    onDisconnect: fn(),
  },
  decorators: [(Story) => <div style={{ maxWidth: 720 }}>{Story()}</div>],
} satisfies Meta<typeof ConnectionStatusPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Connected: Story = {};
export const NoCalendarYet: Story = { args: { connection: CONNECTION_FIXTURES.noCalendar } };
export const NeedsReauth: Story = { args: { connection: CONNECTION_FIXTURES.needsReauth } };
export const SyncFailing: Story = {
  args: { connection: CONNECTION_FIXTURES.syncFailing, providerName: "Microsoft Outlook" },
};
export const Checking: Story = {
  args: {
    connection: CONNECTION_FIXTURES.syncFailing,
    providerName: "Microsoft Outlook",
    pending: "checking",
  },
};
export const CalendarMissing: Story = {
  args: {
    connection: {
      ...CONNECTION_FIXTURES.syncFailing,
      provider: "google",
      health: { reason: "calendar_not_found", message: "Not found", retryAt: null },
    },
  },
};
export const Disconnecting: Story = { args: { pending: "disconnecting" } };
export const Disconnected: Story = { args: { connection: CONNECTION_FIXTURES.disconnected } };
export const Feed: Story = {
  args: {
    connection: CONNECTION_FIXTURES.feed,
    providerName: "Calendar feed (ICS)",
    onChangeCalendar: undefined,
    onReconnect: undefined,
    onCopyFeedUrl: fn(),
  },
};
export const MenuOpen: Story = { args: { menuOpen: true, onCopyFeedUrl: fn(), onRequeue: fn() } };
