import { ConnectionActionsMenu } from "@org/calendar-connections-ui";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";

const meta = {
  title: "Parts/ConnectionActionsMenu",
  component: ConnectionActionsMenu,
  args: {
    providerName: "Google Calendar",
    onChangeCalendar: fn(),
    onCheck: fn(),
    onRequeue: fn(),
    onDisconnect: fn(),
  },
  decorators: [
    (Story) => <div style={{ display: "flex", justifyContent: "flex-end", minHeight: 220 }}>{Story()}</div>,
  ],
} satisfies Meta<typeof ConnectionActionsMenu>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A live connection's menu, with "Retry failed events" (sends its dead letters again). */
export const Open: Story = { args: { defaultOpen: true } };

/** Choosing "Retry failed events" runs `onRequeue` and closes the menu. */
export const RetryFailedEvents: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "More actions for Google Calendar" }));
    // The menu is portaled to the kit root, outside the canvas.
    const page = within(canvasElement.ownerDocument.body);
    await userEvent.click(await page.findByRole("menuitem", { name: "Retry failed events" }));
    await expect(args.onRequeue).toHaveBeenCalled();
    await waitFor(() => expect(page.queryByRole("menu")).toBeNull());
  },
};

/** A read-only feed has no failed events to retry: the item is not listed. */
export const Feed: Story = {
  args: {
    providerName: "Calendar feed (ICS)",
    defaultOpen: true,
    onChangeCalendar: undefined,
    onCheck: fn(),
    onRequeue: undefined,
  },
};
