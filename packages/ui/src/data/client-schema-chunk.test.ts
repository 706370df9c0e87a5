import { createCalendarConnectionsClient } from "./client.ts";

// The zod schemas of the answers read after an admin acts come in a chunk of their own; here it fails to load.
vi.mock("./answer-schemas.ts", () => {
  throw new Error("Failed to fetch dynamically imported module");
});

describe("an answer whose schema chunk does not load", () => {
  it("fails as a network error, never returns the unchecked body", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(
      async () =>
        new Response(JSON.stringify({ calendars: [] }), { headers: { "content-type": "application/json" } }),
    );
    const client = createCalendarConnectionsClient({ basePath: "/api", fetch });

    await expect(client.listCalendars("conn_1")).rejects.toMatchObject({
      name: "CalendarConnectionsError",
      code: "network_error",
    });
  });

  it("leaves the first load's answers, checked without zod, unaffected", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(
      async () =>
        new Response(JSON.stringify({ connections: [] }), {
          headers: { "content-type": "application/json" },
        }),
    );
    const client = createCalendarConnectionsClient({ basePath: "/api", fetch });
    await expect(client.listConnections()).resolves.toEqual({ connections: [] });
  });
});
