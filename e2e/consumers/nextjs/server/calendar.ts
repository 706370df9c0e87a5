import {
  type CalendarConnections,
  createCalendarConnections,
  google,
  loadTokenKeyring,
  microsoft,
} from "@org/calendar-connections-server";
import { developmentFakes } from "@org/calendar-connections-server/development";
import { createPostgresStorage } from "@org/calendar-connections-server/postgres";

// One kit per server process, made on the first request (never while `next build` reads this file).
// `next dev` evaluates modules again after every edit; globalThis keeps the kit, its pool and its fakes.
const cache = globalThis as typeof globalThis & { calendarConnections?: Promise<CalendarConnections> };

/** The kit, created once per process. */
export function getCalendar(): Promise<CalendarConnections> {
  cache.calendarConnections ??= createCalendar();
  return cache.calendarConnections;
}

async function createCalendar(): Promise<CalendarConnections> {
  return createCalendarConnections({
    storage: createPostgresStorage({
      connectionString: process.env.DATABASE_URL,
      schema: process.env.CALENDAR_PG_SCHEMA,
    }),
    keyring: await loadTokenKeyring(process.env), // CALENDAR_TOKEN_KEYS="k1:<32 bytes, base64>"
    publicBaseURL: process.env.PUBLIC_BASE_URL ?? "http://localhost:3000",
    providers: [
      google({
        clientId: process.env.GOOGLE_CLIENT_ID ?? "",
        clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
      }),
      microsoft({
        clientId: process.env.MS_CLIENT_ID ?? "",
        clientSecret: process.env.MS_CLIENT_SECRET ?? "",
      }),
    ],
    // Your session goes here: who calls, in which organization, with which role.
    authorize: async () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
    // Your events: this app has none yet.
    getEvent: async () => null,
    // The fake Google and Microsoft, offline; CALENDAR_FAKES=1 also allows them in `next start`.
    development:
      process.env.CALENDAR_FAKES === "1" || process.env.NODE_ENV === "development"
        ? { fakes: developmentFakes({ allowInProduction: true }) }
        : undefined,
  });
}
