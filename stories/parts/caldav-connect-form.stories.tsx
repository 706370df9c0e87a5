// The CalDAV presets' connect forms, rendered from the fields the server's GET /providers sends for them
// (described by the server itself, in English and German), with the errors its verification answers.
import { caldav, describeProvider, ICLOUD, icloud, localize } from "@org/calendar-connections-server";
import { MessagesProvider } from "@org/calendar-connections-ui";
import { de } from "@org/calendar-connections-ui/de";
import { ConnectForm } from "@org/calendar-connections-ui/dialogs";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, within } from "storybook/test";

/** A provider's form fields and submit label as the wire carries them, in one locale. */
function formOf(provider: ReturnType<typeof describeProvider>) {
  if (provider.connect.kind !== "form") throw new Error(`${provider.id} is not a form provider`);
  return { fields: provider.connect.fields, submitLabel: provider.connect.submitLabel };
}

const iCloudEn = formOf(describeProvider(icloud(), "en"));
const iCloudDe = formOf(describeProvider(icloud(), "de"));
const other = formOf(describeProvider(caldav(), "en"));
const FILLED = { username: "alex@icloud.com", appPassword: "abcd-efgh-ijkl-mnop" };

const meta = {
  title: "Parts/ConnectForm/CalDAV",
  component: ConnectForm,
  args: { ...iCloudEn, onSubmit: fn(), onCancel: fn() },
  decorators: [(Story) => <div style={{ maxWidth: 420 }}>{Story()}</div>],
} satisfies Meta<typeof ConnectForm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** iCloud: the server is fixed, so only the Apple ID email and an app-specific password, with where to create one. */
export const ICloud: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "Apple ID email" })).toBeInTheDocument();
    await expect(canvas.getByLabelText("App-specific password")).toHaveAttribute("type", "password");
    await expect(canvas.getByText(/App-Specific Passwords/)).toBeInTheDocument();
  },
};

/** A normal Apple ID password (or a revoked app-specific one): iCloud's 401, in words, under the password field. */
export const ICloudWrongPassword: Story = {
  args: { defaultValues: FILLED, fieldErrors: { appPassword: localize(ICLOUD.unauthorized, "en") } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText("App-specific password")).toHaveAttribute("aria-invalid", "true");
    await expect(canvas.getByText(/normal Apple ID password does not work/)).toBeInTheDocument();
  },
};

/** The same in German: the server localizes the fields and the error, the UI catalog the rest. */
export const ICloudGerman: Story = {
  args: {
    ...iCloudDe,
    defaultValues: FILLED,
    fieldErrors: { appPassword: localize(ICLOUD.unauthorized, "de") },
  },
  decorators: [
    (Story) => (
      <MessagesProvider messages={de} locale="de">
        {Story()}
      </MessagesProvider>
    ),
  ],
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByLabelText("App-spezifisches Passwort")).toHaveAttribute("type", "password");
    await expect(canvas.getByRole("button", { name: "Prüfen und verbinden" })).toBeEnabled();
  },
};

/** Any CalDAV server: its address too; an address where no CalDAV server answered is an error on that field. */
export const OtherServerNotFound: Story = {
  args: {
    ...other,
    defaultValues: { serverUrl: "https://dav.example.com", username: "alex", appPassword: "secret-1" },
    fieldErrors: { serverUrl: "No CalDAV server answered at this address." },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole("textbox", { name: "Server URL" })).toHaveAttribute("aria-invalid", "true");
  },
};
