export {
  calendarAuditLog,
  calendarConnection,
  calendarConnectionsSchema,
  calendarEventLink,
  calendarOAuthState,
  calendarOutbox,
  calendarSyncJob,
} from "./pg.ts";
