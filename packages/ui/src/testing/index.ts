export {
  FIXTURE_ACTIVITY,
  FIXTURE_ACTIVITY_QUIET,
  fixtureActivity,
  fixtureAudit,
  fixtureFailingEvents,
} from "./activity-fixtures.ts";
export type { FakeActivity } from "./fake-activity.ts";
export { createFakeClient, type Failure, type FakeClient, type FakeClientOptions } from "./fake-client.ts";
export {
  CONNECTION_FIXTURES,
  FIXED_NOW,
  FIXTURE_CALENDARS,
  FIXTURE_FORM_FIELDS,
  fixtureConnection,
  fixtureHostFormProvider,
  fixtureHostOAuthProvider,
  fixtureProviders,
} from "./fixtures.ts";
export { installJsdomShims } from "./jsdom.ts";
