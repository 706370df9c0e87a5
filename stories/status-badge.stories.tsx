import { CONNECTION_STATUSES } from "@org/calendar-connections-core";
import { StatusBadge } from "@org/calendar-connections-ui";
import type { Meta, StoryObj } from "@storybook/react-vite";

const meta = {
  title: "Parts/StatusBadge",
  component: StatusBadge,
  args: { status: "active" },
} satisfies Meta<typeof StatusBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Connected: Story = {};
export const NeedsReconnect: Story = { args: { status: "needs_reauth" } };
export const SyncFailing: Story = { args: { status: "error" } };
export const Disconnected: Story = { args: { status: "disconnected" } };

/** Every status side by side, in the light and the dark theme. */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: "grid", gap: 16 }}>
      {(["light", "dark"] as const).map((theme) => (
        <div
          key={theme}
          data-cc-root=""
          data-cc-theme={theme}
          style={{ display: "flex", gap: 8, padding: 16, background: "var(--cc-bg)" }}
        >
          {CONNECTION_STATUSES.map((status) => (
            <StatusBadge key={status} status={status} />
          ))}
        </div>
      ))}
    </div>
  ),
};
