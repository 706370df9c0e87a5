// The zod schemas of the answers the page reads only after an admin acts (calendars, OAuth start, feeds, retries,
// history): the client imports this module on its first such request, so zod's runtime stays out of the first load.
// The first load's answers (providers, connections, activity counts, problems) use core's zod-free checks instead.
export {
  AuditList,
  CalendarList,
  CreateConnectionResponse,
  RequeueDeadLettersResponse,
  RetryEventResponse,
  StartOAuthResponse,
} from "@org/calendar-connections-core";
