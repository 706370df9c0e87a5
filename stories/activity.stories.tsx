import { de } from "@org/calendar-connections-ui/de";
import { CONNECTION_FIXTURES, fixtureActivity } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

/** Sync activity: the panel's counts and last error, and the dialog of failing events (issue 15, item 1). */
const meta = {
  title: "Page/Sync activity",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: {
      connections: [CONNECTION_FIXTURES.connected, CONNECTION_FIXTURES.syncFailing],
      activity: {
        conn_google: fixtureActivity(25),
        conn_failing: fixtureActivity(0, { synced: 340, waiting: 0 }),
      },
    },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opens the activity dialog from the panel's "View" (English or German name, dialog title). */
async function openDialog(canvasElement: HTMLElement, view: RegExp, title: string): Promise<HTMLElement> {
  const body = within(canvasElement.ownerDocument.body);
  await userEvent.click(await body.findByRole("button", { name: view }));
  const dialog = await body.findByRole("dialog", { name: title });
  await waitFor(() => expect(within(dialog).getAllByRole("listitem").length).toBeGreaterThan(0));
  return dialog;
}

export const Counts: Story = {};

export const CountsGerman: Story = { args: { messages: de, locale: "de" } };

export const FailingEvents: Story = {
  play: async ({ canvasElement }) => {
    await openDialog(canvasElement, /View failing events of Google Calendar/, "Activity");
  },
};

export const FailingEventsGerman: Story = {
  args: { messages: de, locale: "de" },
  play: async ({ canvasElement }) => {
    await openDialog(canvasElement, /Fehlerhafte Termine von Google Calendar/, "Aktivität");
  },
};

/** "Retry all failed": the dialog says how many go again, and the list reads them as retrying. */
export const RetriedAll: Story = {
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement, /View failing events of Google Calendar/, "Activity");
    await userEvent.click(within(dialog).getByRole("button", { name: "Retry all failed" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent("8 events will be sent again."),
    );
  },
};

export const RetriedAllGerman: Story = {
  args: { messages: de, locale: "de" },
  play: async ({ canvasElement }) => {
    const dialog = await openDialog(canvasElement, /Fehlerhafte Termine von Google Calendar/, "Aktivität");
    await userEvent.click(within(dialog).getByRole("button", { name: "Alle fehlgeschlagenen wiederholen" }));
    await waitFor(() =>
      expect(within(dialog).getByRole("status")).toHaveTextContent("8 Termine werden erneut übertragen."),
    );
  },
};
