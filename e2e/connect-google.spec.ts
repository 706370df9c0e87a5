import { expect, test } from "@playwright/test";
import { answerConsent, panel, pickCalendar, pickerDialog } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { listConnections, resetDemo } from "./support/demo.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("an admin signs in, connects Google through the consent page and picks a secondary calendar", async ({
  page,
}, testInfo) => {
  await page.goto(CALENDARS_PAGE);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await checkState(page, testInfo, "sign-in");
  await page.getByRole("button", { name: /Continue as Alice Adams/ }).click();

  await expect(page).toHaveURL(CALENDARS_PAGE);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toHaveText(
    /Admin.*Integrations.*Calendars/,
  );
  await expect(page.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeVisible();
  await expect(page.getByText("No calendar connected yet")).toBeVisible();
  await checkState(page, testInfo, "empty");

  await page.getByRole("button", { name: "Connect Google Calendar" }).click();
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await answerConsent(page, { account: ALICE });

  await expect(page.locator('[data-slot="banner"]')).toHaveText("Google Calendar is connected.");
  await expect(pickerDialog(page)).toBeVisible();
  await expect(pickerDialog(page).getByRole("radio", { name: "Holidays in Germany" })).toBeDisabled();
  await checkState(page, testInfo, "picker");
  await pickCalendar(page, "Team events");

  const google = panel(page, "google");
  await expect(google.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(google.locator('[data-slot="connection-account"]')).toContainText(ALICE);
  await expect(google.locator('[data-slot="connection-calendar"]')).toContainText("Team events");
  await expect(page).not.toHaveURL(/calendarConnection=/);
  await checkState(page, testInfo, "connected");

  const [connection] = await listConnections(page.request);
  expect(connection).toMatchObject({
    provider: "google",
    status: "active",
    accountEmail: ALICE,
    calendarName: "Team events",
  });
});
