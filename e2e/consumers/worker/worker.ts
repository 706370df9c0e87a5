import {
  type CalendarConnections,
  createCalendarConnections,
  createMemoryStorage,
  google,
  microsoft,
  parseTokenKeys,
} from "@org/calendar-connections-server";
import { developmentFakes } from "@org/calendar-connections-server/development";

/** The worker's bindings: secrets and variables the runtime passes to `fetch`. */
export interface Env {
  readonly CALENDAR_TOKEN_KEYS: string; // "k1:<32 bytes, base64>"
  readonly PUBLIC_BASE_URL: string;
  readonly GOOGLE_CLIENT_ID?: string;
  readonly GOOGLE_CLIENT_SECRET?: string;
  readonly MS_CLIENT_ID?: string;
  readonly MS_CLIENT_SECRET?: string;
  readonly CALENDAR_FAKES?: string; // "1": the fake Google and Microsoft, offline
}

// Bindings arrive with the first request, so the kit is made then, once per isolate.
let calendar: Promise<CalendarConnections> | undefined;

async function createCalendar(env: Env): Promise<CalendarConnections> {
  return createCalendarConnections({
    storage: createMemoryStorage(), // per isolate; a PostgreSQL pool needs a runtime with TCP sockets
    keyring: await parseTokenKeys(env.CALENDAR_TOKEN_KEYS),
    publicBaseURL: env.PUBLIC_BASE_URL,
    providers: [
      google({ clientId: env.GOOGLE_CLIENT_ID ?? "", clientSecret: env.GOOGLE_CLIENT_SECRET ?? "" }),
      microsoft({ clientId: env.MS_CLIENT_ID ?? "", clientSecret: env.MS_CLIENT_SECRET ?? "" }),
    ],
    // Your session goes here: who calls, in which organization, with which role.
    authorize: async () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
    getEvent: async () => null, // your events: this app has none yet
    development: env.CALENDAR_FAKES === "1" ? { fakes: developmentFakes() } : undefined,
  });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    calendar ??= createCalendar(env);
    return (await calendar).handler(request);
  },
};
