import {
  createFakeGoogle,
  createFakeMicrosoft,
  type FakeAccountSeed,
  type FakeGoogle,
  type FakeMicrosoft,
} from "@org/calendar-connections-testing";
import type { DemoConfig } from "./config.ts";
import { requireDemoMode } from "./mode.ts";

export const FAKE_GOOGLE_PATH = "/__fake/google";
export const FAKE_MICROSOFT_PATH = "/__fake/microsoft";

/** The fake providers the demo mounts on its own origin (null where real credentials are configured). */
export interface DemoFakes {
  readonly google: FakeGoogle | null;
  readonly microsoft: FakeMicrosoft | null;
}

const GOOGLE_ACCOUNTS: readonly FakeAccountSeed[] = [
  {
    email: "alice@acme.test",
    name: "Alice Adams",
    calendars: [
      { name: "alice@acme.test", primary: true, color: "#4285f4" },
      { name: "Team events", color: "#0b8043" },
      { name: "Holidays in Germany", accessRole: "reader", color: "#8e24aa" },
    ],
  },
  { email: "ops@acme.test", name: "Acme Operations" },
  { email: "carol@globex.test", name: "Carol Chen" },
];

const MICROSOFT_ACCOUNTS: readonly FakeAccountSeed[] = [
  {
    email: "alice@acme.test",
    name: "Alice Adams",
    calendars: [
      { name: "Calendar", primary: true },
      { name: "Team events", color: "#0b8043" },
    ],
  },
  { email: "carol@globex.test", name: "Carol Chen" },
];

/**
 * Fresh fakes with the demo's accounts, reachable by the browser under `publicURL`, for each provider
 * without real credentials. Throws outside demo mode: a fake publishes every token at `__inspect`.
 */
export function createDemoFakes(
  config: Pick<DemoConfig, "demoMode" | "publicURL" | "google" | "microsoft">,
): DemoFakes {
  requireDemoMode(config, "the fake providers (/__fake/*, whose __inspect publishes every token)");
  const { publicURL } = config;
  return {
    google: config.google
      ? null
      : createFakeGoogle({ baseURL: `${publicURL}${FAKE_GOOGLE_PATH}`, accounts: GOOGLE_ACCOUNTS }),
    microsoft: config.microsoft
      ? null
      : createFakeMicrosoft({ baseURL: `${publicURL}${FAKE_MICROSOFT_PATH}`, accounts: MICROSOFT_ACCOUNTS }),
  };
}
