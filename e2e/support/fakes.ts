import type { APIRequestContext } from "@playwright/test";

export type FakeName = "google" | "microsoft";

interface FakeEvent {
  id: string;
  status: "confirmed" | "cancelled";
  resource: Record<string, unknown>;
}

export interface FakeState {
  accounts: {
    email: string;
    calendars: { id: string; name: string; primary: boolean; events: FakeEvent[] }[];
  }[];
  grants: { email: string; revokedAt: number | null }[];
  revocations: { email: string; via: "revoke_endpoint" | "control"; grantId: string }[];
  calls: Record<string, number>;
}

/** The whole state of a fake provider mounted on the demo (`GET /__fake/<name>/__inspect`). */
export async function inspectFake(request: APIRequestContext, name: FakeName): Promise<FakeState> {
  const response = await request.get(`/__fake/${name}/__inspect`);
  if (!response.ok()) throw new Error(`inspect ${name}: ${response.status()}`);
  return (await response.json()) as FakeState;
}

/** Titles of the live (not cancelled) events in one calendar of one account, sorted. */
export async function fakeCalendarTitles(
  request: APIRequestContext,
  name: FakeName,
  email: string,
  calendarName: string,
): Promise<string[]> {
  const state = await inspectFake(request, name);
  const calendar = state.accounts
    .find((account) => account.email === email)
    ?.calendars.find((candidate) => candidate.name === calendarName);
  if (calendar === undefined) throw new Error(`${name} has no calendar ${calendarName} for ${email}`);
  return calendar.events
    .filter((event) => event.status === "confirmed")
    .map((event) => String(event.resource.summary ?? event.resource.subject ?? ""))
    .sort();
}

/** Revokes every grant of an account at the fake, as the user would in their account settings. */
export async function revokeAtFake(request: APIRequestContext, name: FakeName, email: string): Promise<void> {
  const response = await request.post(`/__fake/${name}/__control`, {
    data: { action: "revokeGrants", email },
  });
  if (!response.ok()) throw new Error(`revoke at ${name}: ${response.status()}`);
}

/** Sends one action to a fake's control API (`POST /__fake/<name>/__control`), e.g. a fault to inject. */
export async function controlFake(
  request: APIRequestContext,
  name: FakeName,
  body: Record<string, unknown>,
): Promise<void> {
  const response = await request.post(`/__fake/${name}/__control`, { data: body });
  if (!response.ok()) throw new Error(`control ${name}: ${response.status()} ${await response.text()}`);
}
