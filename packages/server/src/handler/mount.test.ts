// The README's mount recipes, run for real: node:http on a loopback port, and Hono in process.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { ProviderList } from "@org/calendar-connections-core";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { BASE, createHarness } from "./harness.support.ts";

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("mount recipes", () => {
  it("node:http: the kit answers under its base path and the host keeps the rest", async () => {
    const h = await createHarness();
    const kitListener = getRequestListener(h.kit.handler);
    const server = createServer((req, res) => {
      if (req.url?.startsWith(`${BASE}/`)) return kitListener(req, res);
      res.writeHead(200, { "content-type": "text/plain" }).end("host page");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const providers = await fetch(`${origin}${BASE}/providers`, { headers: { cookie: "session=alice" } });
    expect(providers.status).toBe(200);
    expect(ProviderList.parse(await providers.json()).providers).toHaveLength(3);

    const anonymous = await fetch(`${origin}${BASE}/connections`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");

    // The request URL carries the loopback origin; the Origin check compares with the public one.
    const created = await fetch(`${origin}${BASE}/connections`, {
      method: "POST",
      headers: { cookie: "session=alice", "content-type": "application/json", origin: "https://app.test" },
      body: JSON.stringify({ provider: "ics" }),
    });
    expect(created.status).toBe(201);
    const tooLarge = await fetch(`${origin}${BASE}/connections`, {
      method: "POST",
      headers: { cookie: "session=alice", "content-type": "application/json" },
      body: "x".repeat(100_000),
    });
    expect(tooLarge.status).toBe(413);

    expect(await (await fetch(`${origin}/dashboard`)).text()).toBe("host page");
  });

  it("Hono: one catch-all route hands the raw Request to the kit", async () => {
    const h = await createHarness();
    const app = new Hono();
    app.all(`${BASE}/*`, (c) => h.kit.handler(c.req.raw));
    app.get("/", (c) => c.text("home"));
    const response = await app.request(`https://app.test${BASE}/providers`, {
      headers: { cookie: "session=alice" },
    });
    expect(response.status).toBe(200);
    expect(await (await app.request("https://app.test/")).text()).toBe("home");
  });
});
