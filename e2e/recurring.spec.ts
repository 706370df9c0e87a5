import { expect, type Page, test } from "@playwright/test";
import { connect } from "./support/connect.ts";
import { ALICE } from "./support/constants.ts";
import { resetDemo, signInAs, syncUntil } from "./support/demo.ts";
import { fakeCalendarTitles, inspectFake } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));
// The form's times are the browser's: fixing its zone fixes the instants the fake must show.
test.use({ timezoneId: "Europe/Berlin" });

interface Instance {
  start: string;
  cancelled: boolean;
  changed: boolean;
}

/** The instances the fake Google expands from the series in Team events: start (UTC), and whether moved or cancelled. */
async function fakeInstances(page: Page): Promise<string[]> {
  const state = (await inspectFake(page.request, "google")) as unknown as {
    accounts: { email: string; calendars: { name: string; instances: Instance[] }[] }[];
  };
  const calendar = state.accounts
    .find((account) => account.email === ALICE)
    ?.calendars.find((candidate) => candidate.name === "Team events");
  return (calendar?.instances ?? []).map(
    (instance) =>
      `${instance.start.slice(0, 16)}${instance.cancelled ? " cancelled" : instance.changed ? " moved" : ""}`,
  );
}

test("a recurring event: created, one instance moved, one cancelled, the series deleted — as the fake Google shows it", async ({
  page,
}, testInfo) => {
  // Four syncs to wait for, and four axe runs for the screenshots of two states.
  test.setTimeout(150_000);
  await signInAs(page.request, ALICE);
  await connect(page, "Google Calendar", "Team events");
  await page.getByRole("link", { name: "Events", exact: true }).click();

  const form = page.getByRole("form", { name: "New event" });
  await form.getByLabel("Title").fill("Yoga");
  // Four Mondays at 09:00 in Berlin, across the change to summer time on 31 March 2030.
  await form.getByLabel("Starts").fill("2030-03-18T09:00");
  await form.getByLabel("Ends").fill("2030-03-18T10:00");
  await form.getByLabel("Repeats").selectOption({ label: "Every week" });
  await form.getByLabel("Times").fill("4");
  await form.getByLabel("Time zone").selectOption("Europe/Berlin");
  await form.getByRole("button", { name: "Add event" }).click();
  const instances = page
    .getByRole("list", { name: "Instances of Yoga" })
    .locator('[data-slot="series-instance"]');
  await expect(instances).toHaveCount(4);

  await syncUntil(
    page.request,
    () => fakeInstances(page),
    ["2030-03-18T08:00", "2030-03-25T08:00", "2030-04-01T07:00", "2030-04-08T07:00"],
    "the series reaches Google as four weekly instances at 09:00 Berlin time (08:00, then 07:00 UTC)",
  );

  await instances
    .nth(1)
    .getByRole("button", { name: /a day later/ })
    .click();
  await expect(instances.nth(1)).toHaveAttribute("data-state", "moved");
  await syncUntil(
    page.request,
    () => fakeInstances(page),
    ["2030-03-18T08:00", "2030-03-26T08:00 moved", "2030-04-01T07:00", "2030-04-08T07:00"],
    "the second instance moves a day later at Google",
  );

  await instances
    .nth(2)
    .getByRole("button", { name: /^Cancel/ })
    .click();
  await expect(instances.nth(2)).toHaveAttribute("data-state", "cancelled");
  await syncUntil(
    page.request,
    () => fakeInstances(page),
    ["2030-03-18T08:00", "2030-03-26T08:00 moved", "2030-04-01T07:00 cancelled", "2030-04-08T07:00"],
    "the third instance is cancelled at Google",
  );

  await checkState(page, testInfo, "events-series");

  // The fake provider's page shows the series with its instances.
  await page.getByRole("link", { name: "Fake provider" }).click();
  const shown = page.getByRole("list", { name: "Instances of Yoga" }).locator('[data-slot="fake-instance"]');
  await expect(shown).toHaveCount(4);
  await expect(shown.nth(1)).toHaveAttribute("data-state", "moved");
  await expect(shown.nth(2)).toHaveAttribute("data-state", "cancelled");
  await checkState(page, testInfo, "fake-provider-series");

  await page.getByRole("link", { name: "Events", exact: true }).click();
  await page.getByRole("button", { name: "Delete Yoga" }).click();
  await expect(page.getByRole("row", { name: /Yoga/ })).toHaveCount(0);
  await syncUntil(
    page.request,
    async () => [
      ...(await fakeInstances(page)),
      ...(await fakeCalendarTitles(page.request, "google", ALICE, "Team events")),
    ],
    [],
    "deleting the series removes every instance at Google",
  );
});
