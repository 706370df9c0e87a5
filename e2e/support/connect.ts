import { expect, type Locator, type Page } from "@playwright/test";
import { ALICE, CALENDARS_PAGE } from "./constants.ts";

export type ProviderLabel = "Google Calendar" | "Microsoft Outlook";

export interface ConsentOptions {
  account?: string;
  decision?: "Allow" | "Deny";
}

/** On the fake provider's consent page: choose the account, then Allow or Deny. */
export async function answerConsent(page: Page, options: ConsentOptions = {}): Promise<void> {
  await page.waitForURL(/\/__fake\/(google|microsoft)\//);
  await page.getByRole("radio", { name: new RegExp(`<${options.account ?? ALICE}>`) }).check();
  await page.getByRole("button", { name: options.decision ?? "Allow", exact: true }).click();
  await page.waitForURL((url) => url.pathname === CALENDARS_PAGE);
}

/** The status panel of a provider's connection on the kit's page. */
export function panel(page: Page, provider: "google" | "microsoft" | "ics" | "caldav"): Locator {
  return page.locator(`[data-slot="connection-status-panel"][data-provider="${provider}"]`);
}

/** The dialog that asks which calendar to sync into. */
export function pickerDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Choose a calendar" });
}

/** Chooses a calendar in the open picker and saves. */
export async function pickCalendar(page: Page, calendar: string): Promise<void> {
  const dialog = pickerDialog(page);
  await dialog.getByRole("radio", { name: calendar }).check();
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
}

/** The whole connect flow from the kit's page: consent as Alice, then pick the calendar. */
export async function connect(page: Page, provider: ProviderLabel, calendar = "Team events"): Promise<void> {
  await page.goto(CALENDARS_PAGE);
  await page.getByRole("button", { name: `Connect ${provider}` }).click();
  await answerConsent(page);
  await pickCalendar(page, calendar);
  const id = provider === "Google Calendar" ? "google" : "microsoft";
  await expect(panel(page, id).locator('[data-slot="connection-calendar"]')).toContainText(calendar);
}
