import { expect, request as playwrightRequest, test } from "@playwright/test";
import { connect, panel } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE, CAROL } from "./support/constants.ts";
import { createEvent, resetDemo, signInAs, syncUntil } from "./support/demo.ts";
import { fakeCalendarTitles } from "./support/fakes.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("Microsoft connects and receives events", async ({ page }, testInfo) => {
  await signInAs(page.request, ALICE);
  await connect(page, "Microsoft Outlook", "Team events");
  const microsoft = panel(page, "microsoft");
  await expect(microsoft.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(microsoft.locator('[data-slot="connection-account"]')).toContainText(ALICE);
  await checkState(page, testInfo, "microsoft-connected");

  await createEvent(page.request, "Sprint demo");
  await syncUntil(
    page.request,
    () => fakeCalendarTitles(page.request, "microsoft", ALICE, "Team events"),
    ["Sprint demo"],
    "the event reaches the Microsoft calendar",
  );
});

test("the ICS feed URL serves valid iCalendar with the organization's events only", async ({
  page,
}, testInfo) => {
  await signInAs(page.request, ALICE);
  // The feed serves a window around today (90 days back, a year ahead): plan a month out.
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const later = new Date(Date.now() + 32 * 86_400_000).toISOString().slice(0, 10);
  await createEvent(page.request, "Acme planning", `${day}T09:00:00.000Z`, `${day}T10:00:00.000Z`);
  await createEvent(page.request, "Acme retro", `${later}T15:00:00.000Z`, `${later}T16:00:00.000Z`);
  const globex = await playwrightRequest.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await signInAs(globex, CAROL);
    // Inside the feed's window too, so only the organization boundary keeps it out.
    await createEvent(globex, "Globex secret board meeting", `${day}T11:00:00.000Z`, `${day}T12:00:00.000Z`);
  } finally {
    await globex.dispose();
  }

  await page.goto(CALENDARS_PAGE);
  await page.getByRole("button", { name: "Create feed link" }).click();
  const feedInput = page.getByRole("textbox", { name: "Your feed link" });
  await expect(feedInput).toBeVisible();
  await expect(panel(page, "ics").locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await checkState(page, testInfo, "ics-feed");
  const feedURL = await feedInput.inputValue();
  expect(feedURL).toMatch(/\/api\/calendar-connections\/feeds\/[^/]+\.ics$/);

  const anonymous = await playwrightRequest.newContext();
  try {
    const response = await anonymous.get(feedURL);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/calendar/);
    const body = (await response.text()).replace(/\r\n[ \t]/g, "");
    const lines = body.split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("VERSION:2.0");
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(2);
    expect(lines.filter((line) => line === "END:VEVENT")).toHaveLength(2);
    expect(lines).toContain("SUMMARY:Acme planning");
    expect(lines).toContain("SUMMARY:Acme retro");
    expect(lines).toContain(`DTSTART:${day.replaceAll("-", "")}T090000Z`);
    expect(body).not.toContain("Globex");
    expect(lines.filter((line) => line !== "").at(-1)).toBe("END:VCALENDAR");
  } finally {
    await anonymous.dispose();
  }
});
