export { type ConsentPageInput, renderConsentPage, renderErrorPage } from "./consent-page.ts";
export {
  type FakeAccessRole,
  type FakeAccountSeed,
  type FakeAccountState,
  type FakeApiErrorKind,
  type FakeAuthResult,
  type FakeCalendarSeed,
  type FakeCalendarState,
  type FakeCaller,
  type FakeClient,
  type FakeEndpoints,
  type FakeEventState,
  type FakeFault,
  type FakeFaultTarget,
  type FakeGrantState,
  type FakeInspection,
  FakeProvider,
  type FakeProviderOptions,
  type FakeRateLimit,
  type FakeRevocation,
  type FakeRoute,
} from "./fake-provider.ts";
export {
  createFakeGoogle,
  FakeGoogle,
  type FakeGoogleOptions,
  type FakeServiceAccount,
  googleEndpoints,
} from "./google.ts";
export {
  createFakeMicrosoft,
  FakeMicrosoft,
  type FakeMicrosoftOptions,
  microsoftEndpoints,
} from "./microsoft.ts";
export { createManualClock, type ManualClock, seededRandom } from "./util.ts";
