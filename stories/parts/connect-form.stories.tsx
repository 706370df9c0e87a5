import { ConnectForm } from "@org/calendar-connections-ui/dialogs";
import {
  FIXTURE_FORM_FIELDS,
  fixtureHostFormProvider,
  fixtureProviders,
} from "@org/calendar-connections-ui/testing";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, userEvent, within } from "storybook/test";

const acme = fixtureHostFormProvider();
const serviceAccount = fixtureProviders()[3];
if (acme.connect.kind !== "form" || serviceAccount?.connect.kind !== "form")
  throw new Error("the form provider fixtures changed");

const FILLED = {
  serverUrl: "https://dav.acme.example",
  username: "ops@acme.example",
  appPassword: "abcd-efgh-ijkl",
};

const meta = {
  title: "Parts/ConnectForm",
  component: ConnectForm,
  args: {
    fields: acme.connect.fields,
    submitLabel: acme.connect.submitLabel,
    onSubmit: fn(),
    onCancel: fn(),
  },
  decorators: [(Story) => <div style={{ maxWidth: 420 }}>{Story()}</div>],
} satisfies Meta<typeof ConnectForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A host's CalDAV-style provider: server URL, username and an app password (masked, never prefilled). */
export const Empty: Story = {};

/** The client checks required fields (and maxLength) only; the first invalid field takes focus. */
export const MissingFields: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole("button", { name: "Verify and connect" }));
    await expect(canvas.getByRole("textbox", { name: "Server URL" })).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByRole("textbox", { name: "Server URL" })).toHaveFocus();
    await expect(args.onSubmit).not.toHaveBeenCalled();
  },
};

export const Submitting: Story = { args: { defaultValues: FILLED, pending: true } };

/** The server's `validation_failed` answer, its issue under the field it names. */
export const ServerFieldError: Story = {
  args: { defaultValues: FILLED, fieldErrors: { appPassword: "Acme Calendar refused this app password." } },
};

/** Any other problem: its detail at the form level, as an alert. */
export const ServerRefused: Story = {
  args: { defaultValues: FILLED, formError: "Acme Calendar did not answer. Please try again shortly." },
};

/** The legacy service account is one more `form` provider: one field, its own submit label. */
export const ServiceAccount: Story = {
  args: {
    fields: serviceAccount.connect.fields,
    submitLabel: serviceAccount.connect.submitLabel,
    onCancel: undefined,
  },
};

/** Every field type a provider can ask for. */
export const AllFieldTypes: Story = { args: { submitLabel: undefined, fields: FIXTURE_FORM_FIELDS } };
