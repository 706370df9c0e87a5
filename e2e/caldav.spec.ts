import { type APIRequestContext, expect, test } from "@playwright/test";
import { panel } from "./support/connect.ts";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { createEvent, listConnections, resetDemo, signInAs, syncUntil } from "./support/demo.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

interface DemoCalDav {
  url: string;
  username: string;
  password: string;
}

/** The demo's local Radicale, as GET /demo/config names it; the test fails when the demo has none. */
async function demoCalDav(request: APIRequestContext): Promise<DemoCalDav> {
  const config = (await (await request.get("/demo/config")).json()) as { caldav: DemoCalDav | null };
  expect(
    config.caldav,
    "the demo runs Radicale (is Debian's radicale installed? .ci/setup installs it)",
  ).not.toBeNull();
  return config.caldav as DemoCalDav;
}

/** The SUMMARY lines of the events in a Radicale calendar (a GET of the collection answers it as one VCALENDAR). */
async function summaries(
  request: APIRequestContext,
  dav: DemoCalDav,
  calendarURL: string,
): Promise<string[]> {
  const response = await request.get(calendarURL, {
    headers: { authorization: `Basic ${Buffer.from(`${dav.username}:${dav.password}`).toString("base64")}` },
  });
  expect(response.status()).toBe(200);
  return [...(await response.text()).matchAll(/^SUMMARY:(.*)\r?$/gm)].map((match) => match[1] ?? "").sort();
}

test("an admin connects a CalDAV calendar from the page with an app password, and an event lands on the server", async ({
  page,
}) => {
  await signInAs(page.request, ALICE);
  const dav = await demoCalDav(page.request);
  await page.goto(CALENDARS_PAGE);
  await page.getByRole("button", { name: /Other CalDAV server/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Server URL").fill(dav.url);
  await dialog.getByLabel("Username").fill(dav.username);

  // A mistyped password: the server's words under the field, nothing connected.
  await dialog.getByLabel("Password or app password").fill("not-the-password");
  await dialog.getByRole("button", { name: "Verify and connect" }).click();
  await expect(dialog.getByText(/revoked or mistyped/)).toBeVisible({ timeout: 15_000 });
  expect(await listConnections(page.request)).toEqual([]);

  await dialog.getByLabel("Password or app password").fill(dav.password);
  await dialog.getByRole("button", { name: "Verify and connect" }).click();
  await expect(dialog).toBeHidden({ timeout: 15_000 });
  const caldav = panel(page, "caldav");
  await expect(caldav.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(caldav.locator('[data-slot="connection-calendar"]')).toContainText("Team calendar");
  await expect(caldav.locator('[data-slot="connection-account"]')).toContainText(dav.username);

  await createEvent(page.request, "CalDAV kickoff");
  await syncUntil(
    page.request,
    async () =>
      (await summaries(page.request, dav, `${dav.url}/${dav.username}/team/`)).includes("CalDAV kickoff"),
    true,
    "the event reaches the Team calendar on the CalDAV server",
  );
});
