import { DisconnectDialog } from "@org/calendar-connections-ui/dialogs";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";

const meta = {
  title: "Parts/DisconnectDialog",
  component: DisconnectDialog,
  args: {
    open: true,
    onOpenChange: fn(),
    onConfirm: fn(),
    providerName: "Google Calendar",
    calendarName: "Team events",
  },
  decorators: [(Story) => <div style={{ minHeight: 360 }}>{Story()}</div>],
} satisfies Meta<typeof DisconnectDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Confirm: Story = {};
export const Disconnecting: Story = { args: { pending: true } };
export const Failed: Story = {
  args: { error: "The calendar provider is not responding right now. Please try again shortly." },
};
