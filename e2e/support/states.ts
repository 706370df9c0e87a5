import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** States whose screenshots the README shows; written to apps/demo/docs/ when UPDATE_README_SCREENSHOTS=1. */
const README_SHOTS = new Set([
  "connected-light",
  "picker-dark",
  "move-question-light",
  "disconnect-remove-dark",
  "phone-page-light",
  "phone-drawer-dark",
]);
const DOCS_DIR = join(import.meta.dirname, "..", "..", "apps", "demo", "docs");

const STILL =
  "*, *::before, *::after { transition: none !important; animation: none !important; caret-color: transparent !important; }";

/**
 * One state of the page, checked and recorded: in light and then dark, axe must find no violation, and a
 * screenshot is attached to the test (the HTML/JSON reports and .reports/e2e-artifacts keep it).
 */
export async function checkState(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.addStyleTag({ content: STILL });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (scheme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
    const results = await new AxeBuilder({ page }).analyze();
    const violations = results.violations.map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
    );
    expect(violations, `axe on "${name}" (${scheme})`).toEqual([]);
    const shot = await page.screenshot();
    await testInfo.attach(`${name}-${scheme}.png`, { body: shot, contentType: "image/png" });
    writeFileSync(testInfo.outputPath(`${name}-${scheme}.png`), shot);
    if (process.env.UPDATE_README_SCREENSHOTS === "1" && README_SHOTS.has(`${name}-${scheme}`)) {
      mkdirSync(DOCS_DIR, { recursive: true });
      writeFileSync(join(DOCS_DIR, `${name}-${scheme}.png`), shot);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
}
