import {
  Banner,
  CalendarConnectionsRoot,
  ConnectionPanelSkeleton,
  ConnectionStatusPanel,
  EmptyState,
  ErrorState,
  ProviderCard,
  type ProviderCardState,
  StatusBadge,
} from "@org/calendar-connections-ui";
import {
  CONNECTION_FIXTURES,
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
  fixtureProviders,
} from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { ReactElement } from "react";

const [google, microsoft] = fixtureProviders();
const noop = (): void => {};

const PANELS = [
  ["Connected", CONNECTION_FIXTURES.connected, null],
  ["Needs reconnect", CONNECTION_FIXTURES.needsReauth, null],
  ["Sync failing", CONNECTION_FIXTURES.syncFailing, null],
  ["Disconnecting", CONNECTION_FIXTURES.connected, "disconnecting"],
  ["Disconnected", CONNECTION_FIXTURES.disconnected, null],
] as const;

const CARDS: ProviderCardState[] = ["available", "connecting", "connected", "not_configured"];

function Column({ theme }: { theme: "light" | "dark" }): ReactElement {
  return (
    <CalendarConnectionsRoot theme={theme}>
      <div className="bg-page" style={{ display: "grid", gap: 12, padding: 16 }}>
        <h2 className="font-semibold">{theme === "light" ? "Light" : "Dark"}</h2>
        <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
          {(["active", "needs_reauth", "error", "disconnected"] as const).map((status) => (
            <StatusBadge key={status} status={status} />
          ))}
        </div>
        {PANELS.map(([label, connection, pending]) => (
          <ConnectionStatusPanel
            key={label}
            connection={connection}
            providerName={connection.provider === "microsoft" ? "Microsoft Outlook" : "Google Calendar"}
            pending={pending}
            onReconnect={noop}
            onRetry={noop}
            onChangeCalendar={noop}
            onDisconnect={noop}
          />
        ))}
        <div style={{ display: "grid", gap: 12, gridTemplateColumns: "repeat(2, minmax(0, 1fr))" }}>
          {google && microsoft
            ? CARDS.map((state) => (
                <ProviderCard
                  key={state}
                  provider={state === "not_configured" ? microsoft : google}
                  state={state}
                  onConnect={noop}
                />
              ))
            : null}
          <ProviderCard provider={fixtureHostFormProvider()} state="available" onConnect={noop} />
          <ProviderCard provider={fixtureHostOAuthProvider()} state="available" onConnect={noop} />
        </div>
        <Banner tone="success">Google Calendar is connected.</Banner>
        <Banner tone="error">Access was not granted, so nothing was connected.</Banner>
        <EmptyState />
        <ConnectionPanelSkeleton />
        <ErrorState onRetry={noop} />
      </div>
    </CalendarConnectionsRoot>
  );
}

const meta = {
  title: "Matrix/AllStates",
  component: Column,
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof Column>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every state of every part, light and dark side by side. */
export const AllStates: Story = {
  args: { theme: "light" },
  render: () => (
    <div style={{ display: "grid", gridTemplateColumns: "repeat(2, minmax(0, 1fr))", gap: 16 }}>
      <Column theme="light" />
      <Column theme="dark" />
    </div>
  ),
};
