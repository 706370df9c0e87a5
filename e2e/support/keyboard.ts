import { expect, type Locator, type Page } from "@playwright/test";

const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate((element) => element === document.activeElement).catch(() => false);

/** Presses a key (Tab by default) until `target` has focus; fails when it never gets there. */
export async function pressUntilFocused(page: Page, target: Locator, key = "Tab", limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await isFocused(target)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `focus never reached after ${limit} × ${key}`).toBeFocused();
}
