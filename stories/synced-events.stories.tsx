import { CalendarConnectionsPage, calendarConnectionsKeys } from "@org/calendar-connections-ui";
import { de } from "@org/calendar-connections-ui/de";
import {
  CONNECTION_FIXTURES,
  createFakeClient,
  FIXED_NOW,
  fixtureActivity,
} from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { QueryClient } from "@tanstack/react-query";
import { type ReactElement, useEffect, useState } from "react";
import { expect, fn, userEvent, waitFor, within } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

/**
 * Control over synced events and feed links (issue 15, items 4, 5 and 8): the picker's "move or leave?", the
 * move and the removal in progress on the panel, the disconnect dialog's removal, "Regenerate link", the page
 * following a locale without a catalog passed, and a status change announced.
 */
const meta = {
  title: "Page/Synced events",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: {
      connections: [CONNECTION_FIXTURES.connected],
      activity: { conn_google: fixtureActivity(0, { synced: 12, waiting: 0 }) },
    },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

const GERMAN = { messages: de, locale: "de" } as const;

/** Picks another calendar in the picker, opened from the panel's "Change" link. */
async function pickAnother(canvasElement: HTMLElement, change: RegExp, save: string): Promise<HTMLElement> {
  const body = within(canvasElement.ownerDocument.body);
  await body.findByText(/12/);
  await userEvent.click(await body.findByRole("button", { name: change }));
  const picker = await body.findByRole("dialog");
  await userEvent.click(await within(picker).findByRole("radio", { name: /On-call rota/ }));
  await userEvent.click(within(picker).getByRole("button", { name: save }));
  return body.findByRole("dialog");
}

export const MoveQuestion: Story = {
  play: async ({ canvasElement }) => {
    const question = await pickAnother(canvasElement, /Change calendar for Google Calendar/, "Save");
    await expect(question).toHaveAccessibleName("What happens to the events already synced?");
  },
};

export const MoveQuestionGerman: Story = {
  args: GERMAN,
  play: async ({ canvasElement }) => {
    const question = await pickAnother(canvasElement, /Kalender für Google Calendar ändern/, "Speichern");
    await expect(question).toHaveAccessibleName("Was passiert mit den bereits übertragenen Terminen?");
  },
};

const moving = {
  connections: [{ ...CONNECTION_FIXTURES.connected, calendarName: "On-call rota" }],
  activity: { conn_google: { ...fixtureActivity(0, { synced: 12, waiting: 7 }), moving: 7 } },
};

/** The panel while the worker moves the events into the new calendar. */
export const MoveInProgress: Story = {
  args: { api: moving },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("Moving events to On-call rota: 7 left");
  },
};

export const MoveInProgressGerman: Story = {
  args: { api: moving, ...GERMAN },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("Termine werden nach On-call rota verschoben: noch 7");
  },
};

/** Opens the disconnect dialog and ticks the removal. */
async function askRemoval(
  canvasElement: HTMLElement,
  menu: RegExp,
  item: string,
  remove: RegExp,
): Promise<void> {
  const body = within(canvasElement.ownerDocument.body);
  await body.findByText(/12/);
  await userEvent.click(await body.findByRole("button", { name: menu }));
  await userEvent.click(await body.findByRole("menuitem", { name: item }));
  const dialog = await body.findByRole("alertdialog");
  await userEvent.click(within(dialog).getByRole("checkbox", { name: remove }));
}

export const DisconnectWithRemoval: Story = {
  play: ({ canvasElement }) =>
    askRemoval(
      canvasElement,
      /More actions for Google Calendar/,
      "Disconnect",
      /Also remove the 12 events this product added/,
    ),
};

export const DisconnectWithRemovalGerman: Story = {
  args: GERMAN,
  play: ({ canvasElement }) =>
    askRemoval(
      canvasElement,
      /Weitere Aktionen für Google Calendar/,
      "Trennen",
      /Auch die 12 Termine entfernen, die dieses Produkt eingetragen hat/,
    ),
};

const removing = {
  connections: [{ ...CONNECTION_FIXTURES.connected, disconnectRequestedAt: FIXED_NOW.toISOString() }],
  activity: { conn_google: fixtureActivity(0, { synced: 5, waiting: 5 }) },
};

/** Asked to remove its events first: the worker removes them, then the connection disconnects. */
export const RemovalInProgress: Story = {
  args: { api: removing },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("Removing events: 5 left, then disconnecting");
  },
};

export const RemovalInProgressGerman: Story = {
  args: { api: removing, ...GERMAN },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByText("Termine werden entfernt: noch 5, danach wird getrennt");
  },
};

/** "Regenerate link" warns that the old link stops at once. */
async function askRegenerate(canvasElement: HTMLElement, menu: RegExp, item: string): Promise<void> {
  const body = within(canvasElement.ownerDocument.body);
  await userEvent.click(await body.findByRole("button", { name: menu }));
  await userEvent.click(await body.findByRole("menuitem", { name: item }));
  await body.findByRole("alertdialog");
}

export const RegenerateWarning: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.feed] } },
  play: ({ canvasElement }) =>
    askRegenerate(canvasElement, /More actions for Calendar feed/, "Regenerate link"),
};

export const RegenerateWarningGerman: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.feed] }, ...GERMAN },
  play: ({ canvasElement }) =>
    askRegenerate(canvasElement, /Weitere Aktionen für Calendar feed/, "Link neu erzeugen"),
};

/** The regenerated link, shown once with Copy. */
export const RegeneratedLink: Story = {
  args: { api: { connections: [CONNECTION_FIXTURES.feed] } },
  play: async ({ canvasElement }) => {
    await askRegenerate(canvasElement, /More actions for Calendar feed/, "Regenerate link");
    const body = within(canvasElement.ownerDocument.body);
    await userEvent.click(
      within(await body.findByRole("alertdialog")).getByRole("button", { name: "Regenerate link" }),
    );
    await body.findByRole("textbox", { name: "Your feed link" });
  },
};

/** Only `locale="de"`, no catalog: the page loads the German one itself. */
export const LocaleOnlyGerman: Story = {
  args: { locale: "de-DE" },
  play: async ({ canvasElement }) => {
    await within(canvasElement).findByRole("heading", { name: "Kalenderverbindungen" });
  },
};

/** A provider's own words about what went wrong, under the kit's sentence. */
export const ProviderHealthMessage: Story = {
  args: {
    api: {
      connections: [
        {
          ...CONNECTION_FIXTURES.needsReauth,
          health: {
            reason: "token_revoked",
            message: "iCloud needs an app-specific password, not the Apple ID password.",
            retryAt: null,
            fromProvider: true,
          },
        },
      ],
    },
  },
};

/** The page reads the list again and Google now needs a reconnect: updated in place and announced. */
function StatusChange({ locale }: { locale?: string }): ReactElement {
  const [client] = useState(() => createFakeClient({ connections: [CONNECTION_FIXTURES.connected] }));
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  useEffect(() => {
    const timer = setTimeout(() => {
      client.connections = [
        {
          ...CONNECTION_FIXTURES.connected,
          status: "needs_reauth",
          health: { reason: "token_revoked", message: "Access was revoked.", retryAt: null },
        },
      ];
      void queryClient.invalidateQueries({ queryKey: calendarConnectionsKeys.root });
    }, 300);
    return () => clearTimeout(timer);
  }, [client, queryClient]);
  return (
    <CalendarConnectionsPage
      client={client}
      queryClient={queryClient}
      now={() => FIXED_NOW}
      locale={locale}
    />
  );
}

export const StatusChangeAnnounced: StoryObj<typeof StatusChange> = {
  render: () => <StatusChange locale="en" />,
  play: async ({ canvasElement }) => {
    const live = canvasElement.ownerDocument.querySelector("[data-slot=live-region]");
    await waitFor(() => expect(live).toHaveTextContent("Google Calendar: Needs reconnect."), {
      timeout: 4000,
    });
  },
};

export const StatusChangeAnnouncedGerman: StoryObj<typeof StatusChange> = {
  render: () => <StatusChange locale="de" />,
  play: async ({ canvasElement }) => {
    await waitFor(
      () =>
        expect(canvasElement.ownerDocument.querySelector("[data-slot=live-region]")).toHaveTextContent(
          /Google Calendar: /,
        ),
      { timeout: 4000 },
    );
  },
};
