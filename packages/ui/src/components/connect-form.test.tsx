import type { Problem } from "@org/calendar-connections-core";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { CalendarConnectionsError } from "../data/client.ts";
import { de } from "../i18n/de.ts";
import { en } from "../i18n/en.ts";
import { renderPart } from "../test/render.tsx";
import {
  FIXTURE_FORM_FIELDS,
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
} from "../testing/fixtures.ts";
import { ConnectForm } from "./connect-form.tsx";
import { connectFormErrors } from "./connect-form-errors.ts";
import { ProviderIcon, ProviderIconsProvider } from "./provider-icon.tsx";

const acme = fixtureHostFormProvider();
if (acme.connect.kind !== "form") throw new Error("the host form fixture changed");
const ACME_FIELDS = acme.connect.fields;

async function fillAcme(password = "abcd efgh ijkl"): Promise<void> {
  await userEvent.type(screen.getByRole("textbox", { name: "Server URL" }), " https://dav.acme.example ");
  await userEvent.type(screen.getByRole("textbox", { name: "Username" }), "ops@acme.example");
  await userEvent.type(screen.getByLabelText("App password"), password);
}

describe("ConnectForm", () => {
  it("renders every field from the provider's fields, with labels, help and the submit label", () => {
    renderPart(<ConnectForm fields={ACME_FIELDS} submitLabel="Verify and connect" onSubmit={() => {}} />);
    const url = screen.getByRole("textbox", { name: "Server URL" });
    expect(url).toHaveAttribute("type", "url");
    expect(url).toHaveAttribute("autocomplete", "url");
    expect(url).toHaveAccessibleDescription("Shown under Settings → Sync in Acme Calendar.");
    expect(screen.getByRole("textbox", { name: "Username" })).toHaveAttribute("type", "email");
    expect(screen.getByRole("button", { name: "Verify and connect" })).toHaveAttribute("type", "submit");
  });

  it("masks a secret field as a password input that password managers do not fill", () => {
    renderPart(<ConnectForm fields={ACME_FIELDS} onSubmit={() => {}} />);
    const secret = screen.getByLabelText("App password");
    expect(secret).toHaveAttribute("type", "password");
    expect(secret).toHaveAttribute("autocomplete", "new-password");
    expect(secret).toHaveValue("");
    expect(screen.queryByRole("textbox", { name: "App password" })).toBeNull();
  });

  it("checks required fields on the client, names them, and focuses the first one", async () => {
    const onSubmit = vi.fn();
    renderPart(<ConnectForm fields={ACME_FIELDS} onSubmit={onSubmit} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Username" }), "ops@acme.example");
    await userEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(onSubmit).not.toHaveBeenCalled();
    const url = screen.getByRole("textbox", { name: "Server URL" });
    expect(url).toHaveAttribute("aria-invalid", "true");
    expect(url).toHaveAccessibleDescription(/Server URL is required\./);
    expect(url).toHaveFocus();
    expect(screen.getByLabelText("App password")).toHaveAccessibleDescription(/App password is required\./);
    expect(screen.getByRole("textbox", { name: "Username" })).not.toHaveAttribute("aria-invalid");
    // Typing clears that field's message only.
    await userEvent.type(url, "h");
    expect(url).not.toHaveAttribute("aria-invalid");
    expect(screen.getByLabelText("App password")).toHaveAttribute("aria-invalid", "true");
  });

  it("checks maxLength on the client and sends trimmed values (secrets as typed) by field name", async () => {
    const onSubmit = vi.fn();
    renderPart(<ConnectForm fields={ACME_FIELDS} onSubmit={onSubmit} />);
    await fillAcme("x".repeat(65));
    await userEvent.keyboard("{Enter}");
    expect(screen.getByLabelText("App password")).toHaveAccessibleDescription(
      /App password can be at most 64 characters long\./,
    );
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.clear(screen.getByLabelText("App password"));
    await userEvent.type(screen.getByLabelText("App password"), " abcd efgh ");
    await userEvent.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith({
      serverUrl: "https://dav.acme.example",
      username: "ops@acme.example",
      appPassword: " abcd efgh ",
    });
  });

  it("renders every field type, marks optional fields, and leaves empty optional values out", async () => {
    const onSubmit = vi.fn();
    renderPart(<ConnectForm fields={FIXTURE_FORM_FIELDS} onSubmit={onSubmit} />);
    expect(screen.getByRole("textbox", { name: /Service account key/ }).tagName).toBe("TEXTAREA");
    expect(screen.getAllByText("Optional", { selector: "label[for] span" })).toHaveLength(3);
    expect(screen.getByRole("textbox", { name: /Display name/ })).toHaveValue("Team calendar");
    expect(screen.getByLabelText("API token")).toHaveAttribute("type", "password");
    const region = screen.getByRole("combobox", { name: "Data region" });
    await userEvent.type(screen.getByRole("textbox", { name: "Account email" }), "ops@acme.example");
    await userEvent.type(screen.getByLabelText("API token"), "t0ken");
    await userEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(region).toHaveAccessibleDescription("Data region is required.");
    expect(region).toHaveFocus();
    await userEvent.selectOptions(region, "us");
    await userEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(onSubmit).toHaveBeenCalledWith({
      name: "Team calendar",
      email: "ops@acme.example",
      token: "t0ken",
      region: "us",
    });
  });

  it("shows the server's field errors under their fields and a form-level error as an alert", async () => {
    const { rerender } = renderPart(
      <ConnectForm
        fields={ACME_FIELDS}
        onSubmit={() => {}}
        fieldErrors={{ appPassword: "Acme refused this app password." }}
        formError="Acme Calendar did not answer."
      />,
    );
    const secret = screen.getByLabelText("App password");
    expect(secret).toHaveAttribute("aria-invalid", "true");
    expect(secret).toHaveAccessibleDescription(/Acme refused this app password\./);
    expect(secret).toHaveFocus();
    expect(screen.getByRole("alert")).toHaveTextContent("Acme Calendar did not answer.");
    expect(document.querySelector("[data-slot=connect-form]")).toHaveAttribute("data-state", "invalid");
    rerender(<ConnectForm fields={ACME_FIELDS} onSubmit={() => {}} pending />);
    expect(screen.getByRole("button", { name: "Connecting…" })).toHaveAttribute("aria-busy", "true");
  });

  it("ignores submits while pending, and offers Cancel except while pending", async () => {
    const onSubmit = vi.fn();
    const onCancel = vi.fn();
    const values = { serverUrl: "https://dav.acme.example", username: "a@b.c", appPassword: "p" };
    const form = (pending: boolean) => (
      <ConnectForm
        fields={ACME_FIELDS}
        onSubmit={onSubmit}
        onCancel={onCancel}
        pending={pending}
        defaultValues={values}
      />
    );
    const { rerender } = renderPart(form(true));
    await userEvent.click(screen.getByRole("button", { name: "Connecting…" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();
    rerender(form(false));
    await userEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(onCancel).toHaveBeenCalled();
  });

  it("speaks German", async () => {
    renderPart(<ConnectForm fields={ACME_FIELDS} onSubmit={() => {}} />, { messages: de, locale: "de" });
    await userEvent.click(screen.getByRole("button", { name: "Verbinden" }));
    expect(screen.getByRole("textbox", { name: "Server URL" })).toHaveAccessibleDescription(
      /Server URL ist erforderlich\./,
    );
  });

  it("has no axe violation, with and without errors", async () => {
    renderPart(
      <ConnectForm
        fields={FIXTURE_FORM_FIELDS}
        onSubmit={() => {}}
        fieldErrors={{ url: "Not a CalDAV server." }}
        formError="Try again."
      />,
    );
    const results = await axe.run(document.body, {
      rules: { "color-contrast": { enabled: false }, region: { enabled: false } },
    });
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });
});

describe("connectFormErrors", () => {
  const problem = (overrides: Partial<Problem>): CalendarConnectionsError => {
    const body: Problem = {
      type: "urn:calendar-connections:problem:validation_failed",
      title: "The request has invalid fields.",
      status: 400,
      code: "validation_failed",
      ...overrides,
    };
    return new CalendarConnectionsError(body.code, body.status, body.detail ?? body.title, body);
  };

  it("puts validation issues under the fields their path names, with or without the input. prefix", () => {
    const error = problem({
      errors: [
        { path: "input.appPassword", message: "Wrong password." },
        { path: "serverUrl", message: "Not a CalDAV server." },
      ],
    });
    expect(connectFormErrors(error, ACME_FIELDS, en)).toEqual({
      fieldErrors: { appPassword: "Wrong password.", serverUrl: "Not a CalDAV server." },
      formError: null,
    });
  });

  it("shows issues of unknown fields at the form level", () => {
    const error = problem({ errors: [{ path: "input.tenant", message: "Unknown tenant." }] });
    expect(connectFormErrors(error, ACME_FIELDS, en)).toEqual({
      fieldErrors: {},
      formError: "Unknown tenant.",
    });
  });

  it("shows another problem's detail, else the catalog's message for its code", () => {
    const detailed = problem({ code: "provider_unavailable", status: 502, detail: "Acme answered 503." });
    expect(connectFormErrors(detailed, ACME_FIELDS, en).formError).toBe("Acme answered 503.");
    const bare = problem({ code: "connection_exists", status: 409 });
    expect(connectFormErrors(bare, ACME_FIELDS, de).formError).toBe(de.errors.connection_exists);
    const offline = new CalendarConnectionsError("network_error", 0, "Failed to fetch");
    expect(connectFormErrors(offline, ACME_FIELDS, en).formError).toBe(en.errors.network_error);
  });
});

describe("ProviderIcon", () => {
  const tile = (): HTMLElement => {
    const element = document.querySelector<HTMLElement>("[data-slot=provider-icon]");
    if (!element) throw new Error("no icon");
    return element;
  };

  it("draws a built-in mark for a known key", () => {
    render(<ProviderIcon icon={{ type: "key", key: "microsoft" }} />);
    expect(tile()).toHaveAttribute("data-icon", "registered");
    expect(tile().querySelector("svg path")).toHaveAttribute("fill", "#F25022");
  });

  it("falls back to a neutral calendar for a key it does not know", () => {
    render(<ProviderIcon icon={fixtureHostOAuthProvider().icon} />);
    expect(tile()).toHaveAttribute("data-icon", "fallback");
    expect(tile().querySelector("svg")).toBeInTheDocument();
  });

  it("uses a mark the host registered, over the fallback and the built-ins", () => {
    render(
      <ProviderIconsProvider icons={{ zoho: <svg data-testid="zoho" />, google: <svg data-testid="mine" /> }}>
        <ProviderIcon icon={{ type: "key", key: "zoho" }} />
        <ProviderIcon icon={{ type: "key", key: "google" }} />
      </ProviderIconsProvider>,
    );
    expect(screen.getByTestId("zoho")).toBeInTheDocument();
    expect(screen.getByTestId("mine")).toBeInTheDocument();
  });

  it("shows an svg icon as a decorative image from a data URL, never as markup", () => {
    const hostile = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect/></svg>';
    render(<ProviderIcon icon={{ type: "svg", svg: hostile }} />);
    expect(tile()).toHaveAttribute("data-icon", "svg");
    const image = tile().querySelector("img");
    if (!image) throw new Error("no image");
    expect(image).toHaveAttribute("alt", "");
    expect(image.getAttribute("src")).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(hostile)}`);
    expect(tile().querySelector("script, svg")).toBeNull();
  });
});
