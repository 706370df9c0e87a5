// The kit for the Node apps (Hono, node:http): created at import, which touches no database or network
// (storage opens on first use).
import {
  createCalendarConnections,
  createMemoryStorage,
  google,
  loadTokenKeyring,
  microsoft,
} from "@org/calendar-connections-server";
import { developmentFakes } from "@org/calendar-connections-server/development";

export const port = Number(process.env.PORT ?? 3000);

export const calendar = createCalendarConnections({
  storage: createMemoryStorage(), // createSqliteStorage or createPostgresStorage to keep connections
  keyring: await loadTokenKeyring(process.env), // CALENDAR_TOKEN_KEYS="k1:<32 bytes, base64>"
  publicBaseURL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  providers: [
    google({
      clientId: process.env.GOOGLE_CLIENT_ID ?? "",
      clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
    }),
    microsoft({ clientId: process.env.MS_CLIENT_ID ?? "", clientSecret: process.env.MS_CLIENT_SECRET ?? "" }),
  ],
  // Your session goes here: who calls, in which organization, with which role.
  authorize: async () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
  getEvent: async () => null, // your events: this app has none yet
  // The fake Google and Microsoft, offline (never in production).
  development: process.env.NODE_ENV === "production" ? undefined : { fakes: developmentFakes() },
});
