import {
  ConnectionList,
  CreateConnectionResponse,
  Problem,
  ProviderList,
} from "@org/calendar-connections-core";
import { deterministicEventId } from "@org/calendar-connections-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME_ICON } from "./acme-provider.ts";
import { type Fixture, OPS, startFixture } from "./fixture.support.ts";

const WRONG_PASSWORD = "not-the-app-password-42";

describe("a host's form provider (acme-dav): server URL, username and app password", () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  const connectDav = (input: Record<string, string>): Promise<Response> =>
    fx.call("POST", "/connections", { provider: "acme-dav", input });

  it("GET /providers lists both host providers in order, with the form's fields and the app password typed secret", async () => {
    const { providers } = ProviderList.parse(await (await fx.call("GET", "/providers")).json());
    expect(providers.map((provider) => [provider.id, provider.connect.kind])).toEqual([
      ["acme", "oauth"],
      ["acme-dav", "form"],
    ]);
    expect(providers[0]).toMatchObject({
      icon: { type: "svg", svg: ACME_ICON },
      configured: true,
      enabled: true,
    });
    const dav = providers[1]?.connect;
    expect(
      dav?.kind === "form" ? dav.fields.map(({ name, type, required }) => ({ name, type, required })) : null,
    ).toEqual([
      { name: "serverUrl", type: "url", required: true },
      { name: "username", type: "text", required: true },
      { name: "appPassword", type: "secret", required: true },
    ]);
  });

  it("refuses a server the host does not allow, before calling it", async () => {
    const before = fx.api.inspect().requests.length;
    const response = await connectDav({
      serverUrl: "https://dav.elsewhere.example",
      username: OPS.email,
      appPassword: OPS.appPassword,
    });
    expect(response.status).toBe(400);
    const problem = Problem.parse(await response.json());
    expect(problem.code).toBe("validation_failed");
    expect(problem.errors?.map((issue) => issue.path)).toEqual(["input.serverUrl"]);
    expect(fx.api.inspect().requests).toHaveLength(before);
  });

  it("answers a wrong app password with a 400 that says so, and stores nothing", async () => {
    const response = await connectDav({
      serverUrl: fx.api.url,
      username: OPS.email,
      appPassword: WRONG_PASSWORD,
    });
    expect(response.status).toBe(400);
    const problem = Problem.parse(await response.json());
    expect(problem).toMatchObject({
      code: "validation_failed",
      detail: "The server refused this username and app password.",
      errors: [{ path: "input.appPassword", message: "The server refused this username and app password." }],
    });
    expect(fx.api.inspect().requests.at(-1)).toEqual({
      method: "GET",
      path: "/me",
      status: 401,
      scheme: "Basic",
    });
    const { connections } = ConnectionList.parse(await (await fx.call("GET", "/connections")).json());
    expect(connections).toEqual([]);
  });

  it("connects with the right app password, takes the only writable calendar, and syncs with Basic auth", async () => {
    const response = await connectDav({
      serverUrl: fx.api.url,
      username: OPS.email,
      appPassword: OPS.appPassword,
    });
    expect(response.status).toBe(201);
    const { connection } = CreateConnectionResponse.parse(await response.json());
    expect(connection).toMatchObject({
      provider: "acme-dav",
      status: "active",
      accountEmail: OPS.email,
      calendarId: "ops",
      calendarName: "Ops",
    });

    const start = new Date("2026-12-02T14:00:00Z");
    const end = new Date("2026-12-02T15:00:00Z");
    expect(await fx.changeEvent("evt-review", { title: "Ops review", start, end })).toMatchObject({
      succeeded: 1,
    });
    expect(fx.api.inspect().events).toEqual([
      expect.objectContaining({
        accountId: OPS.id,
        calendarId: "ops",
        id: deterministicEventId(connection.id, "evt-review"),
        title: "Ops review",
        scheme: "Basic",
      }),
    ]);

    // Deleted in the host: deleted at Acme, again with the stored app password.
    expect(await fx.changeEvent("evt-review", null)).toMatchObject({ succeeded: 1 });
    expect(fx.api.inspect().events).toEqual([]);
    expect(fx.api.inspect().requests.at(-1)).toMatchObject({
      method: "DELETE",
      status: 204,
      scheme: "Basic",
    });
  });

  it("never puts an app password, right or wrong, in a response body or a log line", () => {
    expect(fx.browser.kitResponses.length).toBeGreaterThanOrEqual(5);
    const seen = [...fx.browser.kitResponses, ...fx.logs].join("\n");
    for (const secret of [OPS.appPassword, WRONG_PASSWORD]) {
      expect(seen).not.toContain(secret);
      expect(seen).not.toContain(Buffer.from(`${OPS.email}:${secret}`).toString("base64"));
    }
  });
});
