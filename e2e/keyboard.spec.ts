import { expect, test } from "@playwright/test";
import { panel, pickerDialog } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { listConnections, resetDemo, signInAs } from "./support/demo.ts";
import { inspectFake } from "./support/fakes.ts";
import { pressUntilFocused } from "./support/keyboard.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("connect and disconnect by keyboard alone", async ({ page }, testInfo) => {
  await signInAs(page.request, ALICE);
  await page.goto(CALENDARS_PAGE);
  const connectButton = page.getByRole("button", { name: "Connect Google Calendar" });
  await expect(connectButton).toBeEnabled();

  await pressUntilFocused(page, connectButton);
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/__fake\/google\//);
  // No account is preselected without a login_hint: the keyboard user chooses one.
  const account = page.getByRole("radio", { name: new RegExp(`<${ALICE}>`) });
  await expect(account).not.toBeChecked();
  await pressUntilFocused(page, account);
  await page.keyboard.press("Space");
  await expect(account).toBeChecked();
  await pressUntilFocused(page, page.getByRole("button", { name: "Allow", exact: true }));
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.pathname === CALENDARS_PAGE);

  const dialog = pickerDialog(page);
  await expect(dialog).toBeVisible();
  const teamEvents = dialog.getByRole("radio", { name: "Team events" });
  await pressUntilFocused(page, dialog.getByRole("radio", { checked: true }));
  await pressUntilFocused(page, teamEvents, "ArrowDown", 5);
  await expect(teamEvents).toBeChecked();
  await pressUntilFocused(page, dialog.getByRole("button", { name: "Save" }));
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();

  const google = panel(page, "google");
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(google.locator('[data-slot="connection-calendar"]')).toContainText("Team events");

  const menuButton = google.getByRole("button", { name: "More actions for Google Calendar" });
  await pressUntilFocused(page, menuButton);
  await page.keyboard.press("Enter");
  await pressUntilFocused(page, page.getByRole("menuitem", { name: "Disconnect" }), "ArrowDown", 6);
  await page.keyboard.press("Enter");
  const confirm = page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });
  await expect(confirm).toBeVisible();
  await pressUntilFocused(page, confirm.getByRole("button", { name: "Disconnect" }));
  await page.keyboard.press("Enter");
  await expect(confirm).toBeHidden();

  // Focus lands on the panel, now Disconnected, never on the body; the keyboard goes on from there.
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Disconnected");
  await expect(google).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(google.getByRole("button", { name: "Reconnect" })).toBeFocused();
  await expect(page.getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  await checkState(page, testInfo, "keyboard-disconnected");
  expect(await listConnections(page.request)).toEqual([]);
  expect((await inspectFake(page.request, "google")).revocations).toHaveLength(1);
});
