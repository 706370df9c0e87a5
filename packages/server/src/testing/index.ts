export { createTestClock, type TestClock } from "./clock.ts";
export {
  CONFORMANCE_CASES,
  type ConformanceHarness,
  type ConformanceOptions,
  describeStorageConformance,
} from "./conformance.ts";
