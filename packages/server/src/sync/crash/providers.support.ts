// Test support: what the crash test needs of each provider it runs against (the fake, its clients,
// how its events read), so the test and its worker processes build the same thing from one name.

import {
  createFakeGoogle,
  createFakeMicrosoft,
  type FakeGoogle,
  type FakeMicrosoft,
  googleEndpoints,
  microsoftEndpoints,
} from "@org/calendar-connections-testing";
import type { CalendarProvider } from "../../providers/define.ts";
import { googleProvider } from "../../providers/google/client.ts";
import { google } from "../../providers/google/index.ts";
import { microsoftProvider } from "../../providers/microsoft/client.ts";
import { microsoft } from "../../providers/microsoft/index.ts";
import type { OAuthCalendarClient } from "../../providers/types.ts";

/** The providers the crash test runs against. */
export type CrashProviderId = "google" | "microsoft";

export const CRASH_PROVIDERS: readonly CrashProviderId[] = ["google", "microsoft"];

const CLIENT = { clientId: "crash-client", clientSecret: "crash-secret" };
const REDIRECT_URI = "https://app.test/callback";

/** A fake event, as both fakes keep it. */
type FakeEvent = ReturnType<FakeGoogle["events"]>[number];

/** The fake of `id` with one account; Graph forgets transaction ids at once, so nothing relies on them. */
export function crashFake(id: CrashProviderId, email: string): FakeGoogle | FakeMicrosoft {
  const accounts = [{ email }];
  return id === "google"
    ? createFakeGoogle({ accounts, clients: [CLIENT] })
    : createFakeMicrosoft({ accounts, clients: [CLIENT], transactionIdWindowMs: 0 });
}

/** The low-level OAuth client of `id`, pointed at the fake listening at `url` (for seeding). */
export function crashClient(id: CrashProviderId, url: string): OAuthCalendarClient {
  return id === "google"
    ? googleProvider({ ...CLIENT, redirectURI: REDIRECT_URI, endpoints: googleEndpoints(url) })
    : microsoftProvider({ ...CLIENT, redirectURI: REDIRECT_URI, endpoints: microsoftEndpoints(url) });
}

/** The provider plugin of `id` the worker processes run, pointed at the fake listening at `url`. */
export function crashPlugin(id: CrashProviderId, url: string): CalendarProvider {
  const common = { ...CLIENT, redirectURI: REDIRECT_URI, timeoutMs: 5_000 };
  return id === "google"
    ? google({ ...common, endpoints: googleEndpoints(url) })
    : microsoft({ ...common, endpoints: microsoftEndpoints(url) });
}

/** The title a fake event shows (Google's `summary`, Graph's `subject`). */
export function fakeTitle(event: FakeEvent): string {
  return String(event.resource.summary ?? event.resource.subject ?? "");
}

/** How many creates the fake answered. */
export function createCalls(id: CrashProviderId, fake: FakeGoogle | FakeMicrosoft): number {
  return fake.callCount(id === "google" ? "events.insert" : "events.create");
}
