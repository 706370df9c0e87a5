import { de } from "@org/calendar-connections-ui/de";
import { CONNECTION_FIXTURES } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

/**
 * A refetch that fails keeps the page as it was, with "Couldn't refresh · Try again" (issue 15, item 6): here the
 * list is read once, and the re-read after "Check connection" fails.
 */
const meta = {
  title: "Page/Refresh failed",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: { connections: [CONNECTION_FIXTURES.connected], failAfter: { listConnections: 1 } },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

async function checkThenFail(
  canvasElement: HTMLElement,
  menu: RegExp,
  item: string,
  notice: string,
): Promise<void> {
  const body = within(canvasElement.ownerDocument.body);
  await userEvent.click(await body.findByRole("button", { name: menu }));
  await userEvent.click(await body.findByRole("menuitem", { name: item }));
  await expect(await body.findByText(notice, {}, { timeout: 4000 })).toBeInTheDocument();
}

export const RefreshFailed: Story = {
  play: ({ canvasElement }) =>
    checkThenFail(canvasElement, /More actions for Google Calendar/, "Check connection", "Couldn't refresh"),
};

export const RefreshFailedGerman: Story = {
  args: { messages: de, locale: "de" },
  play: ({ canvasElement }) =>
    checkThenFail(
      canvasElement,
      /Weitere Aktionen für Google Calendar/,
      "Verbindung prüfen",
      "Aktualisierung fehlgeschlagen",
    ),
};
