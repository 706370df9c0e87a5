import { de } from "@org/calendar-connections-ui/de";
import { CONNECTION_FIXTURES, fixtureAudit, fixtureConnection } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

const ALICE = fixtureConnection({ createdByName: "Alice Adams" });
const GONE = [
  fixtureConnection({
    id: "conn_old_ms",
    provider: "microsoft",
    accountEmail: "old@acme.example",
    status: "disconnected",
    disconnectedAt: "2026-11-01T09:00:00.000Z",
  }),
  fixtureConnection({
    id: "conn_old_google",
    accountEmail: "it@acme.example",
    status: "disconnected",
    disconnectedAt: "2026-10-12T09:00:00.000Z",
  }),
];

/** Who connected what and when, the audit log, and the previously connected (issue 15, item 2). */
const meta = {
  title: "Page/History",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: { connections: [ALICE, CONNECTION_FIXTURES.feed, ...GONE], audit: { conn_google: fixtureAudit() } },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opens "Previously connected", then (when `menu` is given) the activity of Google Calendar. */
async function open(canvasElement: HTMLElement, summary: RegExp, menu?: [RegExp, string]): Promise<void> {
  const body = within(canvasElement.ownerDocument.body);
  await userEvent.click(await body.findByText(summary));
  if (!menu) return;
  await userEvent.click(await body.findByRole("button", { name: menu[0] }));
  await userEvent.click(await body.findByRole("menuitem", { name: menu[1] }));
  const dialog = await body.findByRole("dialog");
  await waitFor(() => expect(within(dialog).getAllByRole("listitem").length).toBe(4));
}

export const PreviouslyConnected: Story = {
  play: ({ canvasElement }) => open(canvasElement, /Previously connected/),
};

export const PreviouslyConnectedGerman: Story = {
  args: { messages: de, locale: "de" },
  play: ({ canvasElement }) => open(canvasElement, /Früher verbunden/),
};

export const AuditLog: Story = {
  play: ({ canvasElement }) =>
    open(canvasElement, /Previously connected/, [/More actions for Google Calendar/, "View activity"]),
};

export const AuditLogGerman: Story = {
  args: { messages: de, locale: "de" },
  play: ({ canvasElement }) =>
    open(canvasElement, /Früher verbunden/, [/Weitere Aktionen für Google Calendar/, "Aktivität ansehen"]),
};
