/** The cron secret the demo under test is started with (playwright.config.ts), so tests can run a sync batch. */
export const E2E_CRON_SECRET = "e2e-cron-secret";

export const API = "/api/calendar-connections";
export const CALENDARS_PAGE = "/admin/integrations/calendars";

export const ALICE = "alice@acme.test";
export const BOB = "bob@acme.test";
export const CAROL = "carol@globex.test";
