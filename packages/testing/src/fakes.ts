// `@org/calendar-connections-testing/fakes`: the fake Google and Microsoft alone, loadable in any runtime
// (a worker or browser bundle included). The root entry adds what needs Node (`startRadicale`).
export { type ConsentPageInput, renderConsentPage, renderErrorPage } from "./consent-page.ts";
export type { FakeInspection, FakeSeriesInstance } from "./fake/control-api.ts";
export type {
  FakeAccessRole,
  FakeAccountSeed,
  FakeAccountState,
  FakeCalendarSeed,
  FakeCalendarState,
  FakeClient,
  FakeEventState,
  FakeGrantState,
  FakeRateLimit,
  FakeRevocation,
} from "./fake/model.ts";
export type {
  FakeApiErrorKind,
  FakeAuthResult,
  FakeCaller,
  FakeEndpoints,
  FakeFault,
  FakeFaultTarget,
  FakeProviderOptions,
  FakeRoute,
} from "./fake/types.ts";
export { FakeProvider } from "./fake-provider.ts";
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
