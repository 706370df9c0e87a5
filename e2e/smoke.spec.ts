import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

test("the demo serves its first page with the kit's providers and states", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Calendar connections demo" })).toBeVisible();
  await expect(page.getByText("Google Calendar", { exact: true })).toBeVisible();
  await expect(page.locator('[data-slot="status-badge"][data-state="needs_reauth"]')).toHaveText(
    "Needs reconnect",
  );

  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => violation.id)).toEqual([]);
});
