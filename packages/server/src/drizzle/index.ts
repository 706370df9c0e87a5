export {
  calendarAuditLog,
  calendarConnection,
  calendarConnectionsSchema,
  calendarEventLink,
  calendarOAuthState,
  calendarSyncJob,
} from "./pg.ts";
