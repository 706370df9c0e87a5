import { expect, test } from "@playwright/test";
import { API, BOB, CALENDARS_PAGE } from "./support/constants.ts";
import { resetDemo, signInAs } from "./support/demo.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test("a member has no nav entry, the page says not allowed, and the API answers 403", async ({
  page,
}, testInfo) => {
  await signInAs(page.request, BOB);
  await page.goto("/events");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Events" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Feature flags" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Calendar connections" })).toHaveCount(0);

  await page.goto(CALENDARS_PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Not allowed" })).toBeVisible();
  await expect(page.getByText("Only admins of Acme can manage calendar connections.")).toBeVisible();
  await expect(page.locator("[data-cc-root]")).toHaveCount(0);
  await checkState(page, testInfo, "not-allowed");

  const origin = new URL(page.url()).origin;
  const list = await page.request.get(`${API}/connections`);
  expect(list.status()).toBe(403);
  expect(await list.json()).toMatchObject({ code: "forbidden", status: 403 });
  const start = await page.request.post(`${API}/oauth/google/start`, { data: {}, headers: { origin } });
  expect(start.status()).toBe(403);
  const feed = await page.request.post(`${API}/connections`, {
    data: { provider: "ics" },
    headers: { origin },
  });
  expect(feed.status()).toBe(403);
});
