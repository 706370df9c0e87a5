import { expect, type Page, test } from "@playwright/test";
import { connect } from "./support/connect.ts";
import { ALICE } from "./support/constants.ts";
import { resetDemo, signInAs, syncUntil } from "./support/demo.ts";
import { fakeCalendarTitles } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

async function addEvent(page: Page, title: string, start: string, end: string): Promise<void> {
  const form = page.getByRole("form", { name: "New event" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Starts").fill(start);
  await form.getByLabel("Ends").fill(end);
  await form.getByRole("button", { name: "Add event" }).click();
  await expect(page.getByRole("row", { name: new RegExp(title) })).toBeVisible();
}

test("events created, edited and deleted on the Events page land in the connected calendar exactly", async ({
  page,
}, testInfo) => {
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  await expect(page.getByText("No events yet")).toBeVisible();
  await addEvent(page, "Kickoff", "2030-03-04T09:00", "2030-03-04T10:00");
  await addEvent(page, "Design review", "2030-03-05T14:00", "2030-03-05T15:00");
  await addEvent(page, "Offsite", "2030-03-06T09:00", "2030-03-06T17:00");

  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
    ["Design review", "Kickoff", "Offsite"],
    "the three new events reach the Team events calendar",
  );

  await page.getByRole("button", { name: "Edit Kickoff" }).click();
  const edit = page.getByRole("form", { name: "Edit “Kickoff”" });
  await expect(edit.getByLabel("Title")).toBeFocused();
  await edit.getByLabel("Title").fill("Kickoff (moved)");
  await edit.getByLabel("Starts").fill("2030-03-04T11:00");
  await edit.getByLabel("Ends").fill("2030-03-04T12:00");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("row", { name: /Kickoff \(moved\)/ })).toBeVisible();

  await page.getByRole("button", { name: "Delete Offsite" }).click();
  await expect(page.getByRole("row", { name: /Offsite/ })).toHaveCount(0);
  await checkState(page, testInfo, "events");

  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "google", ALICE, "Team events"),
    ["Design review", "Kickoff (moved)"],
    "the fake calendar shows exactly the final state",
  );
  expect(await fakeCalendarTitles(page.request, "google", ALICE, ALICE)).toEqual([]);

  // A person can watch the sync land on the fake provider's page.
  await page.getByRole("link", { name: "Fake provider" }).click();
  const teamEvents = page.getByRole("region", { name: `Google: ${ALICE}: Team events` });
  await expect(teamEvents.locator('[data-slot="fake-event"]')).toHaveCount(2);
  await expect(teamEvents).toContainText("Kickoff (moved)");
  await checkState(page, testInfo, "fake-provider");
});
