// Offline development as a host turns it on: one option, the fakes and their consent pages under the
// base path, the whole connect flow through `handler(new Request(…))` alone.
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseTokenKeys } from "../crypto/keyring.ts";
import { createCalendarConnections } from "../handler/create.ts";
import type { Logger } from "../handler/logger.ts";
import type { CalendarConnectionsOptions } from "../handler/options.ts";
import { google } from "../providers/google/index.ts";
import { icsFeed } from "../providers/ics/index.ts";
import { microsoft } from "../providers/microsoft/index.ts";
import { createMemoryStorage } from "../storage/memory.ts";
import { developmentFakes } from "./index.ts";

const APP = "http://localhost:3000";
const BASE = "/api/calendar-connections";
const ORIGIN_HEADERS = { origin: APP, "content-type": "application/json" };

async function kitWith(development: CalendarConnectionsOptions["development"]) {
  const warnings: string[] = [];
  const logger: Logger = { info() {}, warn: (message) => warnings.push(message), error() {} };
  const kit = createCalendarConnections({
    storage: createMemoryStorage(),
    keyring: await parseTokenKeys(`k1:${Buffer.alloc(32, 3).toString("base64")}`),
    // A host's production configuration, credentials not yet set up.
    providers: [
      google({ clientId: "", clientSecret: "" }),
      microsoft({ clientId: "", clientSecret: "" }),
      icsFeed(),
    ],
    authorize: () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
    publicBaseURL: APP,
    getEvent: async () => null,
    logger,
    ...(development === undefined ? {} : { development }),
  });
  return { kit, warnings };
}

/** The hidden fields and the action of the fake's consent form. */
function consentForm(html: string): { action: string; fields: [string, string][] } {
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? "";
  const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
    (match): [string, string] => [match[1] ?? "", (match[2] ?? "").replaceAll("&amp;", "&")],
  );
  return { action: action.replaceAll("&amp;", "&"), fields };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("development: { fakes: developmentFakes() }", () => {
  it("connects a Google calendar through the fake's consent page, all under the base path", async () => {
    const { kit, warnings } = await kitWith({ fakes: developmentFakes() });
    expect(warnings.join("\n")).toMatch(/development fakes/);

    const started = await kit.handler(
      new Request(`${APP}${BASE}/oauth/google/start`, {
        method: "POST",
        headers: ORIGIN_HEADERS,
        body: "{}",
      }),
    );
    expect(started.status).toBe(200);
    const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { authorizationURL } = (await started.json()) as { authorizationURL: string };
    expect(authorizationURL.startsWith(`${APP}${BASE}/__fake/google/`)).toBe(true);

    const page = await kit.handler(new Request(authorizationURL));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain("ada@example.test");
    const form = consentForm(html);
    expect(form.action.startsWith(`${APP}${BASE}/__fake/google/`)).toBe(true);

    const body = new URLSearchParams([
      ...form.fields,
      ["account", "ada@example.test"],
      ["decision", "allow"],
    ]);
    for (const scope of (form.fields.find(([name]) => name === "scope")?.[1] ?? "").split(" "))
      body.append("granted_scope", scope);
    const consented = await kit.handler(new Request(form.action, { method: "POST", body }));
    const callback = consented.headers.get("location") ?? "";
    expect(callback.startsWith(`${APP}${BASE}/oauth/google/callback?`)).toBe(true);

    const finished = await kit.handler(new Request(callback, { headers: { cookie } }));
    expect(finished.status).toBe(303);
    const back = new URL(finished.headers.get("location") ?? "", APP);
    expect(back.searchParams.get("calendarConnection")).toBe("connected");

    const id = back.searchParams.get("connectionId") ?? "";
    const calendars = await kit.handler(new Request(`${APP}${BASE}/connections/${id}/calendars`));
    expect(calendars.status).toBe(200);
    expect(JSON.stringify(await calendars.json())).toContain("Team events");
  });

  it("points Microsoft at its fake too, and lists both providers as configured", async () => {
    const { kit } = await kitWith({ fakes: developmentFakes() });
    const providers = (await (await kit.handler(new Request(`${APP}${BASE}/providers`))).json()) as {
      providers: { id: string; configured: boolean }[];
    };
    expect(providers.providers.map(({ id, configured }) => [id, configured])).toEqual([
      ["google", true],
      ["microsoft", true],
      ["ics", false],
    ]);
    const started = await kit.handler(
      new Request(`${APP}${BASE}/oauth/microsoft/start`, {
        method: "POST",
        headers: ORIGIN_HEADERS,
        body: "{}",
      }),
    );
    const { authorizationURL } = (await started.json()) as { authorizationURL: string };
    expect(authorizationURL.startsWith(`${APP}${BASE}/__fake/microsoft/common/oauth2/v2.0/authorize?`)).toBe(
      true,
    );
    expect((await kit.handler(new Request(authorizationURL))).status).toBe(200);
  });

  it("serves no fake without the option", async () => {
    const { kit, warnings } = await kitWith(undefined);
    const response = await kit.handler(new Request(`${APP}${BASE}/__fake/google/o/oauth2/v2/auth`));
    expect(response.status).toBe(404);
    expect(warnings).toEqual([]);
  });

  it("refuses to start in production unless told it is a local production build", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(() => developmentFakes()).toThrow(/NODE_ENV is production/);
    expect(() => developmentFakes({ allowInProduction: true })).not.toThrow();
  });
});
