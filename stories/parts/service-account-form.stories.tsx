import { ServiceAccountForm } from "@org/calendar-connections-ui";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

const meta = {
  title: "Parts/ServiceAccountForm",
  component: ServiceAccountForm,
  args: { onSubmit: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 320 }}>{Story()}</div>],
} satisfies Meta<typeof ServiceAccountForm>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const Invalid: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole("textbox", { name: "Calendar id" }), "team calendar");
    await userEvent.click(canvas.getByRole("button", { name: "Connect calendar" }));
    await expect(canvas.getByRole("alert")).toHaveTextContent(/no spaces/);
    await expect(args.onSubmit).not.toHaveBeenCalled();
  },
};
export const Submitting: Story = {
  args: { pending: true, defaultCalendarId: "ops@group.calendar.google.com" },
};
export const ServerRefused: Story = {
  args: {
    defaultCalendarId: "ops@group.calendar.google.com",
    error: "The connected account cannot add events to that calendar.",
  },
};
