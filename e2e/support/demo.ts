import { type APIRequestContext, expect } from "@playwright/test";
import { API, E2E_CRON_SECRET } from "./constants.ts";

/** Empties every organization: connections, jobs, events and both fakes (test mode only). */
export async function resetDemo(request: APIRequestContext): Promise<void> {
  const response = await request.post("/demo/reset");
  expect(response.status(), "POST /demo/reset (is the demo running with DEMO_ALLOW_RESET=1?)").toBe(204);
}

/** Signs the request context (and the page sharing it) in as a seeded user. */
export async function signInAs(request: APIRequestContext, email: string): Promise<void> {
  const response = await request.post("/demo/session", { data: { email } });
  expect(response.status()).toBe(200);
}

/** Creates an event through the demo's JSON API; returns its id. */
export async function createEvent(
  request: APIRequestContext,
  title: string,
  start = "2030-03-04T09:00:00.000Z",
  end = "2030-03-04T10:00:00.000Z",
): Promise<string> {
  const response = await request.post("/demo/events", { data: { title, start, end } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Runs one sync batch through the kit's cron route. */
export async function runSync(request: APIRequestContext): Promise<void> {
  const response = await request.post(`${API}/cron/sync`, {
    headers: { authorization: `Bearer ${E2E_CRON_SECRET}` },
  });
  expect(response.status()).toBe(200);
}

/**
 * Runs sync batches until `read` yields what is expected (the background worker may take a job first,
 * so each round syncs and then looks).
 */
export async function syncUntil<T>(
  request: APIRequestContext,
  read: () => Promise<T>,
  expected: T,
  message: string,
): Promise<void> {
  await expect
    .poll(
      async () => {
        await runSync(request);
        return read();
      },
      { message, timeout: 15_000, intervals: [100, 250, 500, 1000] },
    )
    .toEqual(expected);
}

export interface ApiConnection {
  id: string;
  provider: string;
  status: string;
  accountEmail: string | null;
  calendarName: string | null;
}

/** The signed-in admin's connections, as the kit's API answers. */
export async function listConnections(request: APIRequestContext): Promise<ApiConnection[]> {
  const response = await request.get(`${API}/connections`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { connections: ApiConnection[] }).connections;
}
