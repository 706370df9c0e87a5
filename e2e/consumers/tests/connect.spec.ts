// Every consumer app, as its host built it from the packed tarballs: the page renders, and an admin connects
// Google through the development fake's consent page, picks a calendar and sees it connected.
import { expect, type Page, test } from "@playwright/test";

const API = "/api/calendar-connections";

function pagePath(project: { metadata: Record<string, unknown> }): string {
  const path = project.metadata.page;
  if (typeof path !== "string") throw new Error("each consumer project names its page in metadata.page");
  return path;
}

async function connectGoogle(page: Page, path: string): Promise<void> {
  await page.getByRole("button", { name: "Connect Google Calendar" }).click();
  await page.waitForURL(/\/__fake\/google\//);
  await expect(page.getByRole("heading", { name: "Sign in with Google" })).toBeVisible();
  await page.getByRole("radio", { name: /<ada@example\.test>/ }).check();
  await page.getByRole("button", { name: "Allow", exact: true }).click();
  await page.waitForURL((url) => url.pathname === path);
  const picker = page.getByRole("dialog", { name: "Choose a calendar" });
  await picker.getByRole("radio", { name: "Team events" }).check();
  await picker.getByRole("button", { name: "Save" }).click();
  await expect(picker).toBeHidden();
}

/** A retry starts as the first try did: no connection in the app's organization. */
async function disconnectAll(page: Page, origin: string): Promise<void> {
  const listed = await page.request.get(`${API}/connections`);
  const { connections } = (await listed.json()) as { connections: { id: string }[] };
  for (const { id } of connections) {
    const removed = await page.request.delete(`${API}/connections/${id}`, { headers: { origin } });
    expect(removed.ok()).toBe(true);
  }
}

test("the page renders, and an admin connects Google through the fake's consent page and picks a calendar", async ({
  page,
}, testInfo) => {
  const path = pagePath(testInfo.project);
  const providers = await page.request.get(`${API}/providers`);
  expect(providers.status()).toBe(200);
  const listed = ((await providers.json()) as { providers: { id: string; configured: boolean }[] }).providers;
  expect(listed.map((provider) => [provider.id, provider.configured])).toEqual([
    ["google", true],
    ["microsoft", true],
  ]);
  await disconnectAll(page, testInfo.project.use.baseURL ?? "");

  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Connect Microsoft Outlook" })).toBeEnabled();
  await testInfo.attach("page", { body: await page.screenshot(), contentType: "image/png" });
  await connectGoogle(page, path);

  const panel = page.locator('[data-slot="connection-status-panel"][data-provider="google"]');
  await expect(panel.locator('[data-slot="status-badge"]')).toHaveText("Connected");
  await expect(panel.locator('[data-slot="connection-account"]')).toContainText("ada@example.test");
  await expect(panel.locator('[data-slot="connection-calendar"]')).toContainText("Team events");
  await expect(page).not.toHaveURL(/calendarConnection=/);

  // The server kept it: a fresh load lists it, and so does the API.
  await page.reload();
  await expect(panel.locator('[data-slot="connection-calendar"]')).toContainText("Team events");
  const after = await page.request.get(`${API}/connections`);
  const { connections } = (await after.json()) as { connections: Record<string, unknown>[] };
  expect(connections).toEqual([
    expect.objectContaining({ provider: "google", status: "active", calendarName: "Team events" }),
  ]);
  await testInfo.attach("connected", { body: await page.screenshot(), contentType: "image/png" });
});
