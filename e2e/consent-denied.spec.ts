import { expect, test } from "@playwright/test";
import { answerConsent } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { listConnections, resetDemo, signInAs } from "./support/demo.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("consent denied at the provider: a clear message, and nothing connected", async ({ page }, testInfo) => {
  await signInAs(page.request, ALICE);
  await page.goto(CALENDARS_PAGE);
  await page.getByRole("button", { name: "Connect Google Calendar" }).click();
  await answerConsent(page, { decision: "Deny" });

  await expect(page.getByRole("alert")).toHaveText("Access was not granted, so nothing was connected.");
  await expect(page.getByText("No calendar connected yet")).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  await expect(page).not.toHaveURL(/calendarConnection=/);
  await checkState(page, testInfo, "consent-denied");
  expect(await listConnections(page.request)).toEqual([]);
});
