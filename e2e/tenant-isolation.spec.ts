import { expect, test } from "@playwright/test";
import { connect } from "./support/connect.ts";
import { ALICE, API, CALENDARS_PAGE } from "./support/constants.ts";
import { listConnections, resetDemo, signInAs } from "./support/demo.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("the Globex admin can neither see nor touch Acme's connection", async ({ page }, testInfo) => {
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  const [acme] = await listConnections(page.request);
  if (acme === undefined) throw new Error("Acme has no connection");

  await expect(page.locator('[data-slot="banner"]')).toHaveText("Google Calendar is connected.");

  // Switch user through the avatar menu, in place (no reload): nothing of Alice's stays on the page.
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
  await page.getByRole("button", { name: /Alice Adams/ }).click();
  await page.getByRole("menuitemradio", { name: /Carol Chen/ }).click();
  await expect(page.getByRole("button", { name: /Carol Chen/ })).toBeVisible();
  await expect(page).toHaveURL(CALENDARS_PAGE);
  await expect(page.getByText("No calendar connected yet")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await expect(page.locator('[data-slot="connection-status-panel"]')).toHaveCount(0);
  await expect(page.locator('[data-slot="banner"]')).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Connect Google Calendar" })).toBeEnabled();
  await checkState(page, testInfo, "globex-empty");

  const origin = new URL(page.url()).origin;
  expect(await listConnections(page.request)).toEqual([]);
  const attempts = [
    page.request.get(`${API}/connections/${acme.id}`),
    page.request.get(`${API}/connections/${acme.id}/calendars`),
    page.request.get(`${API}/connections/${acme.id}/audit`),
    page.request.patch(`${API}/connections/${acme.id}`, { data: { calendarId: ALICE }, headers: { origin } }),
    page.request.post(`${API}/connections/${acme.id}/refresh`, { data: {}, headers: { origin } }),
    page.request.delete(`${API}/connections/${acme.id}`, { headers: { origin } }),
  ];
  for (const response of await Promise.all(attempts)) {
    expect(response.status(), response.url()).toBe(404);
    expect(await response.json()).toMatchObject({ code: "connection_not_found" });
  }

  await signInAs(page.request, ALICE);
  const [still] = await listConnections(page.request);
  expect(still).toMatchObject({ id: acme.id, status: "active", calendarName: "Team events" });
});
