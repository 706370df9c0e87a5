export { createFakeGoogle, FakeGoogle } from "./google/calendar-api.ts";
export { type FakeGoogleOptions, googleEndpoints } from "./google/oauth.ts";
export type { FakeServiceAccount } from "./google/service-account.ts";
