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
export {
  type RadicaleCalendarSeed,
  type RadicaleOptions,
  type RadicaleServer,
  startRadicale,
} from "./radicale.ts";
export { createManualClock, type ManualClock, seededRandom } from "./util.ts";
