import { CalendarPicker } from "@org/calendar-connections-ui/dialogs";
import { FIXTURE_CALENDARS } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";

const meta = {
  title: "Parts/CalendarPicker",
  component: CalendarPicker,
  args: {
    state: "ready",
    calendars: FIXTURE_CALENDARS,
    selectedId: "team@group.calendar.google.com",
    onSelect: fn(),
    onCancel: fn(),
    onRetry: fn(),
  },
  decorators: [(Story) => <div style={{ maxWidth: 440 }}>{Story()}</div>],
} satisfies Meta<typeof CalendarPicker>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SeveralCalendars: Story = {};
export const Saving: Story = { args: { pending: true } };
export const Loading: Story = { args: { state: "loading", calendars: undefined } };
export const LoadFailed: Story = { args: { state: "error", calendars: undefined } };
export const NothingWritable: Story = {
  args: { calendars: FIXTURE_CALENDARS.filter((item) => !item.canWrite) },
};
