// Playwright cannot download its browsers here; Debian's Chromium is used (installed by `npm test`), with
// the flags a headless run in a container needs. Shared by the demo's and the consumer apps' configs.
import type { LaunchOptions } from "@playwright/test";

/** How both Playwright configs launch Chromium. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
