export { createFakeClient, type FakeClient, type FakeClientOptions } from "./fake-client.ts";
export {
  CONNECTION_FIXTURES,
  FIXED_NOW,
  FIXTURE_CALENDARS,
  fixtureConnection,
  fixtureProviders,
} from "./fixtures.ts";
export { installJsdomShims } from "./jsdom.ts";
