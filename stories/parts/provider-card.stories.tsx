import { ConnectButton, ProviderCard } from "@org/calendar-connections-ui";
import { ConnectFormDialog, type ConnectFormDialogProps } from "@org/calendar-connections-ui/dialogs";
import {
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
  fixtureProviders,
} from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import type { ReactElement } from "react";
import { fn } from "storybook/test";

const [google, microsoft, ics, serviceAccount] = fixtureProviders({
  "google-service-account": { enabled: true },
});
if (!google || !microsoft || !ics || !serviceAccount) throw new Error("the provider fixtures changed");
const acme = fixtureHostFormProvider();
if (acme.connect.kind !== "form") throw new Error("the host form fixture changed");
const acmeForm = acme.connect;

const meta = {
  title: "Parts/ProviderCard",
  component: ProviderCard,
  args: { provider: google, state: "available", onConnect: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 320 }}>{Story()}</div>],
} satisfies Meta<typeof ProviderCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const NotConnected: Story = {};
export const Connecting: Story = { args: { state: "connecting" } };
export const Connected: Story = { args: { state: "connected" } };
export const NotConfigured: Story = { args: { provider: microsoft, state: "not_configured" } };
/** An `instant` provider: its button reads the provider's `actionLabel`. */
export const Feed: Story = { args: { provider: ics } };
/** A `form` provider: the button opens its form in a dialog. */
export const ServiceAccount: Story = { args: { provider: serviceAccount } };

/** A provider the kit has never heard of: a host's `form` provider with an inline SVG mark. */
export const HostFormProvider: Story = { args: { provider: acme } };

/** A host's OAuth provider whose icon key the kit has no mark for: the neutral calendar stands in. */
export const HostOAuthFallbackIcon: Story = { args: { provider: fixtureHostOAuthProvider() } };

const withForm = (form: Partial<ConnectFormDialogProps>, state: "available" | "connecting") =>
  function HostFormOpen(): ReactElement {
    return (
      <div style={{ minHeight: 560 }}>
        <ProviderCard provider={acme} state={state} />
        <ConnectFormDialog
          open
          onOpenChange={fn()}
          title="Connect Acme Calendar"
          description={acme.description}
          fields={acmeForm.fields}
          submitLabel={acmeForm.submitLabel}
          onSubmit={fn()}
          defaultValues={{
            serverUrl: "https://dav.acme.example",
            username: "ops@acme.example",
            appPassword: "abcd-efgh",
          }}
          {...form}
        />
      </div>
    );
  };

/** The host form provider's form while the server verifies the details. */
export const HostFormPending: Story = { render: withForm({ pending: true }, "connecting") };

/** The server refused one field: its message under that field, which has focus. */
export const HostFormFieldError: Story = {
  render: withForm({ fieldErrors: { appPassword: "Acme Calendar refused this app password." } }, "available"),
};

/** The button alone, in each of its states. */
export const Buttons: Story = {
  render: () => (
    <div style={{ display: "grid", gap: 12 }}>
      <ConnectButton providerName="Google Calendar" onConnect={fn()} />
      <ConnectButton providerName="Google Calendar" state="pending" />
      <ConnectButton providerName="Microsoft Outlook" state="not_configured" />
    </div>
  ),
};
