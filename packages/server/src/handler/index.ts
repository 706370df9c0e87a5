export type { ActivityPage } from "./activity-op.ts";
export {
  type CalendarConnections,
  type CalendarConnectionsApi,
  type CalendarConnectionsRoute,
  createCalendarConnections,
} from "./create.ts";
export type {
  DevelopmentFake,
  DevelopmentFakes,
  DevelopmentFakesContext,
  DevelopmentOptions,
} from "./development.ts";
export { consoleLogger, type LogFields, type Logger } from "./logger.ts";
export type { StartedAuthorization } from "./oauth-op.ts";
export type {
  Actor,
  Authorize,
  CalendarConnectionsOptions,
  ResolveUserNames,
} from "./options.ts";
export { describeProvider } from "./providers-op.ts";
