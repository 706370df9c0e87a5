import { expect, request as playwrightRequest, test } from "@playwright/test";
import { connect, panel, pickerDialog } from "./support/connect.ts";
import { ALICE, API, CALENDARS_PAGE } from "./support/constants.ts";
import { createEvent, listConnections, resetDemo, runSync, signInAs, syncUntil } from "./support/demo.ts";
import { controlFake, fakeCalendarTitles } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

/** Alice's Google connection into Team events with two synced events. */
async function twoSynced(page: import("@playwright/test").Page): Promise<void> {
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  await createEvent(page.request, "Kickoff", "2030-03-04T09:00:00.000Z", "2030-03-04T10:00:00.000Z");
  await createEvent(page.request, "Review", "2030-03-05T09:00:00.000Z", "2030-03-05T10:00:00.000Z");
  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
    ["Kickoff", "Review"],
    "both events reach Team events",
  );
  await page.reload();
  await expect(panel(page, "google").getByText("2 synced")).toBeVisible();
}

test("a provider outage shows the failed events, and Retry all failed lands them", async ({ page }) => {
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  // Google answers 503 to every calendar call until the outage ends.
  await controlFake(page.request, "google", {
    action: "injectFault",
    target: "api",
    fault: { kind: "server_error", status: 503 },
    times: 1000,
  });
  await createEvent(page.request, "Board meeting", "2030-03-04T09:00:00.000Z", "2030-03-04T10:00:00.000Z");
  await createEvent(page.request, "Standup", "2030-03-05T09:00:00.000Z", "2030-03-05T10:00:00.000Z");
  const google = panel(page, "google");
  // The demo under test gives up after two quick attempts (playwright.config.ts): both become dead letters.
  const [connection] = await listConnections(page.request);
  await expect
    .poll(
      async () => {
        await runSync(page.request);
        const response = await page.request.get(`${API}/connections/${connection?.id}/activity`);
        return ((await response.json()) as { failing: { status: string }[] }).failing.map(
          (event) => event.status,
        );
      },
      { message: "both events give up", timeout: 20_000, intervals: [250, 500, 1000] },
    )
    .toEqual(["failed", "failed"]);
  await page.reload();
  await expect(google.locator('[data-slot="connection-activity"]')).toContainText("2 failing");
  await google.getByRole("button", { name: "View failing events of Google Calendar" }).click();
  const dialog = page.getByRole("dialog", { name: "Activity" });
  const rows = dialog.locator('[data-slot="failing-event"]');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "Board meeting" })).toContainText("Gave up");
  await expect(rows.filter({ hasText: "Standup" })).toBeVisible();

  await controlFake(page.request, "google", { action: "clearFaults" });
  await dialog.getByRole("button", { name: "Retry all failed" }).click();
  await expect(dialog.locator('[data-slot="failing-events-notice"]')).toHaveText(
    "2 events will be sent again.",
  );
  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
    ["Board meeting", "Standup"],
    "the retried events land in Team events",
  );
});

test("changing the calendar with move: the events end up only in the new one", async ({ page }, testInfo) => {
  await twoSynced(page);
  const google = panel(page, "google");
  await google.getByRole("button", { name: "Change calendar for Google Calendar" }).click();
  const picker = pickerDialog(page);
  await picker.getByRole("radio", { name: new RegExp(ALICE) }).check();
  await picker.getByRole("button", { name: "Save" }).click();
  const question = page.getByRole("dialog", { name: "What happens to the events already synced?" });
  await expect(question).toContainText("2 events this product added are in Team events.");
  await expect(question.getByRole("radio", { name: `Move them to ${ALICE}` })).toBeChecked();
  await checkState(page, testInfo, "move-question");
  await question.getByRole("button", { name: "Change calendar" }).click();
  await expect(question).toBeHidden();
  await expect(page.locator('[data-slot="live-region"]')).toHaveText(
    `Moving the synced events into ${ALICE}.`,
  );
  await syncUntil(
    page.request,
    async () => [
      await fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
      await fakeCalendarTitles(page.request, "google", ALICE, ALICE),
    ],
    [[], ["Kickoff", "Review"]],
    "the events leave Team events and arrive in the primary calendar, once each",
  );
  // The panel's progress ends with the move.
  await expect(google.locator('[data-slot="connection-progress"]')).toHaveCount(0, { timeout: 15_000 });
  await expect(google.locator('[data-slot="connection-calendar"]')).toContainText(ALICE);
});

test("disconnecting with cleanup removes the events, then the connection moves to Previously connected", async ({
  page,
}, testInfo) => {
  await twoSynced(page);
  const google = panel(page, "google");
  await google.getByRole("button", { name: "More actions for Google Calendar" }).click();
  await page.getByRole("menuitem", { name: "Disconnect" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Disconnect Google Calendar?" });
  const remove = dialog.getByRole("checkbox", { name: /Also remove the 2 events this product added/ });
  await remove.check();
  await checkState(page, testInfo, "disconnect-remove");
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(dialog).toBeHidden();
  await expect(google.locator('[data-slot="connection-progress"]')).toContainText("Removing events");
  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
    [],
    "the product's events are removed from Team events",
  );
  // The page polls while the removal runs and shows the connection gone once the worker disconnected it.
  await expect(google).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByText("Previously connected (1)")).toBeVisible();
  await expect(page.getByText("No calendar connected yet")).toBeVisible();
});

test("regenerating a feed link: the old URL answers 404, the new one serves the events", async ({
  page,
}, testInfo) => {
  await signInAs(page.request, ALICE);
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await createEvent(page.request, "Acme planning", `${day}T09:00:00.000Z`, `${day}T10:00:00.000Z`);
  await page.goto(CALENDARS_PAGE);
  await page.getByRole("button", { name: "Create feed link" }).click();
  const feedInput = page.getByRole("textbox", { name: "Your feed link" });
  const oldURL = await feedInput.inputValue();
  await page.getByRole("button", { name: "Dismiss" }).click();

  const feed = panel(page, "ics");
  await feed.getByRole("button", { name: /^More actions for / }).click();
  await page.getByRole("menuitem", { name: "Regenerate link" }).click();
  const warning = page.getByRole("alertdialog", { name: "Regenerate the feed link?" });
  await expect(warning).toContainText("The old link stops working at once");
  await checkState(page, testInfo, "regenerate-warning");
  await warning.getByRole("button", { name: "Regenerate link" }).click();
  await expect(warning).toBeHidden();
  await expect(feedInput).toBeFocused();
  const newURL = await feedInput.inputValue();
  expect(newURL).not.toBe(oldURL);
  await expect(feedInput.locator("..").getByRole("button", { name: "Copy" })).toBeVisible();

  const anonymous = await playwrightRequest.newContext();
  try {
    expect((await anonymous.get(oldURL)).status()).toBe(404);
    const fresh = await anonymous.get(newURL);
    expect(fresh.status()).toBe(200);
    expect(await fresh.text()).toContain("SUMMARY:Acme planning");
  } finally {
    await anonymous.dispose();
  }
});
