import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { de } from "../i18n/de.ts";
import { renderPart } from "../test/render.tsx";
import {
  CONNECTION_FIXTURES,
  FIXTURE_CALENDARS,
  fixtureHostFormProvider,
  fixtureProviders,
} from "../testing/fixtures.ts";
import { CalendarPicker } from "./calendar-picker.tsx";
import { ConnectButton } from "./connect-button.tsx";
import { ConnectionActionsMenu } from "./connection-actions-menu.tsx";
import { ConnectionStatusPanel } from "./connection-status-panel.tsx";
import { DisconnectDialog } from "./disconnect-dialog.tsx";
import { ProviderCard } from "./provider-card.tsx";
import { Banner, ConnectionPanelSkeleton, EmptyState, ErrorState, ProviderCardSkeleton } from "./states.tsx";

const [google, , ics] = fixtureProviders();

describe("ConnectButton", () => {
  it("connects on click and on Enter", async () => {
    const onConnect = vi.fn();
    renderPart(<ConnectButton providerName="Google Calendar" onConnect={onConnect} />);
    const button = screen.getByRole("button", { name: "Connect Google Calendar" });
    expect(button).toHaveAttribute("data-slot", "connect-button");
    await userEvent.click(button);
    button.focus();
    await userEvent.keyboard("{Enter}");
    expect(onConnect).toHaveBeenCalledTimes(2);
  });

  it("stays focusable but inert while redirecting", async () => {
    const onConnect = vi.fn();
    renderPart(<ConnectButton providerName="Google Calendar" state="pending" onConnect={onConnect} />);
    const button = screen.getByRole("button", { name: "Redirecting to Google Calendar…" });
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button).toHaveAttribute("data-state", "pending");
    await userEvent.click(button);
    expect(onConnect).not.toHaveBeenCalled();
  });

  it("is disabled with the reason when the provider is not configured", () => {
    renderPart(<ConnectButton providerName="Microsoft Outlook" state="not_configured" />);
    const button = screen.getByRole("button", { name: "Connect Microsoft Outlook" });
    expect(button).toBeDisabled();
    expect(button).toHaveAccessibleDescription(/not set up on this server/i);
  });
});

describe("ProviderCard", () => {
  it.each([
    ["available", "Connect Google Calendar"],
    ["connecting", "Redirecting to Google Calendar…"],
  ] as const)("in the %s state shows its one action", (state, label) => {
    if (!google) throw new Error("fixture");
    renderPart(<ProviderCard provider={google} state={state} />);
    const card = screen.getByRole("article", { name: "Google Calendar" });
    expect(card).toHaveAttribute("data-state", state);
    expect(within(card).getByRole("button", { name: label })).toBeInTheDocument();
    expect(
      within(card).getByText("Sync events into a Google Workspace or Gmail calendar."),
    ).toBeInTheDocument();
  });

  it("says Connected instead of offering a second connection", () => {
    if (!google) throw new Error("fixture");
    renderPart(<ProviderCard provider={google} state="connected" />);
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByText("Connected")).toBeInTheDocument();
  });

  it("tells what a feed can do and labels an instant provider's button with its actionLabel", async () => {
    if (!ics) throw new Error("fixture");
    const onConnect = vi.fn();
    const { rerender } = renderPart(<ProviderCard provider={ics} state="available" onConnect={onConnect} />);
    expect(screen.getByText("Read-only subscription link")).toBeInTheDocument();
    expect(screen.getByRole("article")).toHaveAttribute("data-connect", "instant");
    await userEvent.click(screen.getByRole("button", { name: "Create feed link" }));
    expect(onConnect).toHaveBeenCalled();
    rerender(<ProviderCard provider={ics} state="connecting" />);
    expect(screen.getByRole("button", { name: "Creating…" })).toHaveAttribute("aria-busy", "true");
    rerender(<ProviderCard provider={{ ...ics, connect: { kind: "instant" } }} state="available" />);
    expect(screen.getByRole("button", { name: "Connect Calendar feed (ICS)" })).toBeInTheDocument();
  });

  it("opens a form provider's form from a button that says it opens a dialog", () => {
    renderPart(<ProviderCard provider={fixtureHostFormProvider()} state="available" />);
    const card = screen.getByRole("article", { name: "Acme Calendar" });
    expect(card).toHaveAttribute("data-connect", "form");
    expect(within(card).getByRole("button", { name: "Connect Acme Calendar" })).toHaveAttribute(
      "aria-haspopup",
      "dialog",
    );
  });
});

describe("ConnectionStatusPanel", () => {
  it("shows a healthy connection: status in words, account, calendar, last sync", () => {
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.connected}
        providerName="Google Calendar"
        onChangeCalendar={() => {}}
      />,
    );
    const panel = screen.getByRole("article", { name: "Google Calendar" });
    expect(panel).toHaveAttribute("data-state", "active");
    expect(within(panel).getByText("Connected")).toHaveAttribute("data-slot", "status-badge");
    expect(panel).toHaveTextContent("ops@acme.example");
    expect(panel).toHaveTextContent("Team events");
    expect(panel).toHaveTextContent("Last synced 5 minutes ago");
    expect(
      within(panel).getByRole("button", { name: "Change calendar for Google Calendar" }),
    ).toBeInTheDocument();
  });

  it("explains a revoked grant and offers Reconnect", async () => {
    const onReconnect = vi.fn();
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.needsReauth}
        providerName="Google Calendar"
        onReconnect={onReconnect}
      />,
    );
    expect(screen.getByText("Needs reconnect")).toBeInTheDocument();
    expect(screen.getByText(/Access was revoked at the provider/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Reconnect" }));
    expect(onReconnect).toHaveBeenCalled();
  });

  it("shows when a failing sync is retried and offers Retry now", async () => {
    const onRetry = vi.fn();
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.syncFailing}
        providerName="Microsoft Outlook"
        onRetry={onRetry}
      />,
    );
    expect(screen.getByText("Sync failing")).toBeInTheDocument();
    expect(screen.getByText(/Next attempt/)).toHaveTextContent("Next attempt in 10 minutes");
    await userEvent.click(screen.getByRole("button", { name: "Retry now" }));
    expect(onRetry).toHaveBeenCalled();
  });

  it("marks the check in flight", () => {
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.syncFailing}
        providerName="Microsoft Outlook"
        pending="checking"
        onRetry={() => {}}
      />,
    );
    expect(screen.getByRole("button", { name: "Checking…" })).toHaveAttribute("aria-busy", "true");
  });

  it("shows a disconnected connection without the menu", () => {
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.disconnected}
        providerName="Google Calendar"
        onReconnect={() => {}}
      />,
    );
    expect(screen.getByText("Disconnected")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /More actions/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Reconnect" })).toBeInTheDocument();
  });

  it("reads in German from the German catalog", () => {
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.syncFailing}
        providerName="Microsoft Outlook"
        onRetry={() => {}}
      />,
      { messages: de, locale: "de" },
    );
    expect(screen.getByText("Synchronisierung fehlgeschlagen")).toBeInTheDocument();
    expect(screen.getByText(/Zuletzt synchronisiert/)).toHaveTextContent(
      "Zuletzt synchronisiert vor 45 Minuten",
    );
    expect(screen.getByRole("button", { name: "Jetzt erneut versuchen" })).toBeInTheDocument();
  });
});

describe("ConnectionActionsMenu", () => {
  it("opens from the keyboard and runs the chosen action", async () => {
    const onCheck = vi.fn();
    const onDisconnect = vi.fn();
    renderPart(
      <ConnectionActionsMenu providerName="Google Calendar" onCheck={onCheck} onDisconnect={onDisconnect} />,
    );
    const trigger = screen.getByRole("button", { name: "More actions for Google Calendar" });
    trigger.focus();
    await userEvent.keyboard("{Enter}");
    const menu = await screen.findByRole("menu");
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Check connection", "Disconnect"]);
    await userEvent.keyboard("{ArrowDown}{Enter}");
    expect(onDisconnect).toHaveBeenCalled();
    expect(onCheck).not.toHaveBeenCalled();
  });

  it("lists Retry failed events when it can, and runs it", async () => {
    const onRequeue = vi.fn();
    renderPart(
      <ConnectionActionsMenu providerName="Google Calendar" onCheck={() => {}} onRequeue={onRequeue} />,
    );
    await userEvent.click(screen.getByRole("button", { name: "More actions for Google Calendar" }));
    const menu = await screen.findByRole("menu");
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Check connection", "Retry failed events"]);
    await userEvent.click(within(menu).getByRole("menuitem", { name: "Retry failed events" }));
    expect(onRequeue).toHaveBeenCalledTimes(1);
  });

  it("lists Copy feed URL only when it can", async () => {
    renderPart(
      <ConnectionActionsMenu providerName="Feed" onCopyFeedUrl={() => {}} onChangeCalendar={() => {}} />,
    );
    await userEvent.click(screen.getByRole("button", { name: "More actions for Feed" }));
    expect(await screen.findByRole("menuitem", { name: "Copy feed URL" })).toBeInTheDocument();
    expect(screen.getByRole("menuitem", { name: "Change calendar" })).toBeInTheDocument();
  });
});

describe("CalendarPicker", () => {
  it("preselects the current calendar, keeps read-only ones unselectable, and saves by keyboard", async () => {
    const onSelect = vi.fn();
    renderPart(
      <CalendarPicker
        state="ready"
        calendars={FIXTURE_CALENDARS}
        selectedId="team@group.calendar.google.com"
        onSelect={onSelect}
      />,
    );
    expect(screen.getByRole("radio", { name: /Team events/ })).toBeChecked();
    expect(screen.getByRole("radio", { name: /Holidays in Germany/ })).toBeDisabled();
    screen.getByRole("radio", { name: /Team events/ }).focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(screen.getByRole("radio", { name: /On-call rota/ })).toBeChecked();
    await userEvent.tab();
    await userEvent.keyboard("{Enter}");
    expect(onSelect).toHaveBeenCalledWith(
      expect.objectContaining({ id: "oncall@group.calendar.google.com" }),
    );
  });

  it("has loading, error and empty states", async () => {
    const onRetry = vi.fn();
    const { rerender } = renderPart(<CalendarPicker state="loading" onSelect={() => {}} />);
    expect(document.querySelector("[data-slot=calendar-picker]")).toHaveAttribute("data-state", "loading");
    rerender(<CalendarPicker state="error" onSelect={() => {}} onRetry={onRetry} />);
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalled();
    rerender(
      <CalendarPicker
        state="ready"
        calendars={FIXTURE_CALENDARS.filter((item) => !item.canWrite)}
        onSelect={() => {}}
      />,
    );
    expect(screen.getByText("This account has no calendar you can write to.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeDisabled();
  });
});

describe("DisconnectDialog", () => {
  it("says what disconnecting does, confirms, and traps focus", async () => {
    const onConfirm = vi.fn();
    const onOpenChange = vi.fn();
    renderPart(
      <DisconnectDialog
        open
        onOpenChange={onOpenChange}
        providerName="Google Calendar"
        calendarName="Team events"
        onConfirm={onConfirm}
      />,
    );
    const dialog = screen.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });
    expect(dialog).toHaveAccessibleDescription(/Access is revoked at Google Calendar and syncing stops/);
    await userEvent.tab();
    await userEvent.tab();
    await userEvent.tab();
    expect(dialog).toContainElement(document.activeElement as HTMLElement);
    await userEvent.click(within(dialog).getByRole("button", { name: "Disconnect" }));
    expect(onConfirm).toHaveBeenCalled();
    await userEvent.keyboard("{Escape}");
    expect(onOpenChange).toHaveBeenCalledWith(false);
  });

  it("shows the pending state and the last error", () => {
    renderPart(
      <DisconnectDialog
        open
        onOpenChange={() => {}}
        providerName="Google Calendar"
        pending
        error="Nope"
        onConfirm={() => {}}
      />,
    );
    expect(screen.getByRole("button", { name: "Disconnecting…" })).toHaveAttribute("aria-busy", "true");
    expect(screen.getByRole("alert")).toHaveTextContent("Nope");
  });
});

describe("states", () => {
  it("renders the empty state, skeletons and a retrying error state", async () => {
    const onRetry = vi.fn();
    renderPart(
      <>
        <EmptyState />
        <ConnectionPanelSkeleton />
        <ProviderCardSkeleton />
        <ErrorState onRetry={onRetry} />
      </>,
    );
    expect(screen.getByText("No calendar connected yet")).toBeInTheDocument();
    expect(document.querySelector("[data-slot=connection-status-panel-skeleton]")).toHaveAttribute(
      "aria-hidden",
      "true",
    );
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalled();
  });

  it("dismisses a banner", async () => {
    const onDismiss = vi.fn();
    renderPart(
      <Banner tone="error" onDismiss={onDismiss}>
        Access was not granted.
      </Banner>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("Access was not granted.");
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(onDismiss).toHaveBeenCalled();
  });
});

describe("message overrides", () => {
  it("replace single strings and single entries of a group, keeping the rest", async () => {
    renderPart(
      <ConnectionStatusPanel
        connection={CONNECTION_FIXTURES.needsReauth}
        providerName="Google Calendar"
        onReconnect={() => {}}
      />,
      { messages: { reconnect: "Sign in again", status: { needs_reauth: "Action needed" } } },
    );
    expect(screen.getByRole("button", { name: "Sign in again" })).toBeInTheDocument();
    expect(screen.getByText("Action needed")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText(/Access was revoked at the provider/)).toBeInTheDocument());
  });
});
