import { expect, test } from "@playwright/test";
import { ALICE, CALENDARS_PAGE } from "./support/constants.ts";
import { resetDemo, signInAs } from "./support/demo.ts";
import { checkState } from "./support/states.ts";

test.beforeEach(async ({ request }) => resetDemo(request));

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("the sidebar is a drawer behind a menu button, and nothing overflows", async ({ page }, testInfo) => {
    await signInAs(page.request, ALICE);
    await page.goto(CALENDARS_PAGE);
    await expect(page.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    const overflow = (): Promise<number> =>
      page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The page is usable: its one action per provider is in reach.
    await expect(page.getByRole("button", { name: "Connect Google Calendar" })).toBeInViewport({ ratio: 0 });
    await checkState(page, testInfo, "phone-page");

    const menu = page.getByRole("button", { name: "Open menu" });
    await menu.click();
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await expect(drawer).toBeVisible();
    await expect(drawer.getByRole("navigation", { name: "Main" })).toBeVisible();
    // Focus is trapped inside while it is open; Escape closes it and gives focus back to the button.
    await page.keyboard.press("Tab");
    await expect(drawer.locator(":focus")).toHaveCount(1);
    await checkState(page, testInfo, "phone-drawer");
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();

    // Following a link closes the drawer.
    await menu.click();
    await drawer.getByRole("link", { name: "Events", exact: true }).click();
    await expect(drawer).toBeHidden();
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});

test("the language switch turns the shell and the kit's page German and back", async ({ page }, testInfo) => {
  await signInAs(page.request, ALICE);
  await page.goto(CALENDARS_PAGE);
  await expect(page.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeVisible();
  await page.getByRole("combobox", { name: "Language" }).selectOption("de");
  await expect(page.getByRole("heading", { level: 1, name: "Kalenderverbindungen" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Kalender hinzufügen" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Google Calendar verbinden" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Termine" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  await checkState(page, testInfo, "german");
  // The choice is kept across a reload.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Kalenderverbindungen" })).toBeVisible();
  await page.getByRole("combobox", { name: "Sprache" }).selectOption("en");
  await expect(page.getByRole("heading", { level: 1, name: "Calendar connections" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Events", exact: true })).toBeVisible();
});
