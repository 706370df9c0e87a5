import { de } from "@org/calendar-connections-ui/de";
import { CONNECTION_FIXTURES } from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import { PageStory } from "./support/page-story.tsx";

/**
 * Honest states (issue 15, item 4): a connection without a calendar is "Setup incomplete" with one primary action,
 * a feed says when a calendar app last fetched it, and a provider held once is not offered again.
 */
const meta = {
  title: "Page/Honest states",
  component: PageStory,
  args: {
    navigate: fn(),
    returnTo: "/admin/calendars",
    api: { connections: [CONNECTION_FIXTURES.noCalendar, CONNECTION_FIXTURES.feed] },
  },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof PageStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SetupIncompleteAndFeed: Story = {};

export const SetupIncompleteAndFeedGerman: Story = { args: { messages: de, locale: "de" } };

/** A feed no calendar app has fetched yet. */
export const FeedNeverFetched: Story = {
  args: { api: { connections: [{ ...CONNECTION_FIXTURES.feed, lastSyncedAt: null }] } },
};

export const FeedNeverFetchedGerman: Story = {
  args: { ...FeedNeverFetched.args, messages: de, locale: "de" },
};
