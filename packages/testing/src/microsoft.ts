export { createFakeMicrosoft, FakeMicrosoft } from "./microsoft/calendar-api.ts";
export { type FakeMicrosoftOptions, microsoftEndpoints } from "./microsoft/oauth.ts";
