// The consumer apps in Chromium: each app is started from its build (see run.mjs, which installs and
// builds them first) on a loopback port above E2E_PORT, and every test runs once per app (one project each).
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "../support/chromium.ts";

const here = import.meta.dirname;
const base = Number(process.env.E2E_PORT ?? 3100);
const shared = {
  CALENDAR_TOKEN_KEYS: process.env.CALENDAR_TOKEN_KEYS ?? "",
  NEXT_TELEMETRY_DISABLED: "1",
};

/** Each app: where its page is, and what it needs besides the shared environment. */
interface App {
  readonly name: string;
  readonly page: string;
  readonly env: Record<string, string>;
}

const appList: App[] = [
  {
    name: "nextjs",
    page: "/admin/calendars",
    env: {
      CALENDAR_FAKES: "1",
      DATABASE_URL: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test",
      CALENDAR_PG_SCHEMA: process.env.CALENDAR_PG_SCHEMA ?? "public",
    },
  },
  { name: "hono", page: "/", env: {} },
  { name: "node-http", page: "/", env: {} },
  { name: "worker", page: "/", env: { CALENDAR_FAKES: "1" } },
];
const apps = appList.map((app, index) => ({ ...app, port: base + 1 + index }));

const chromium = {
  ...devices["Desktop Chrome"],
  viewport: { width: 1280, height: 800 },
  launchOptions: chromiumLaunchOptions,
};

export default defineConfig({
  testDir: "tests",
  outputDir: join(here, "../../.reports/consumers-artifacts"),
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: join(here, "../../.reports/playwright-consumers.json") }]],
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
  projects: apps.map((app) => ({
    name: app.name,
    metadata: { page: app.page },
    // The Next.js project also runs the checks that need one app only (server rendering, the recipes).
    testMatch: app.name === "nextjs" ? "*.spec.ts" : "connect.spec.ts",
    use: { ...chromium, baseURL: `http://localhost:${app.port}` },
  })),
  webServer: apps.map((app) => ({
    command: `npm run --silent start:${app.name}`,
    cwd: here,
    url: `http://127.0.0.1:${app.port}/api/calendar-connections/providers`,
    env: { ...shared, ...app.env, PORT: String(app.port), PUBLIC_BASE_URL: `http://localhost:${app.port}` },
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  })),
});
