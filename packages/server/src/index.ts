export * from "./crypto/index.ts";
export { toICalendar } from "./events/ics.ts";
export type { HostEvent, HostEventWithId } from "./events/types.ts";
export * from "./handler/index.ts";
export { ApiError } from "./http/api-error.ts";
export type {
  ConnectionEvent,
  DeliveryResult,
  NotificationSettings,
  OnConnectionEvent,
} from "./notifications/deliver.ts";
export * from "./providers/index.ts";
export * from "./storage/index.ts";
