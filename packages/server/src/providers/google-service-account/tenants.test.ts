// Issue 12 item 2: the shared service account sees every tenant's shared calendars, so each calendar is
// bound to one organization by the operator's allow-list, and every other id gets one answer.

import { CreateConnectionResponse, ProviderList } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import { createHarness, type Harness, problem } from "../../handler/harness.support.ts";
import type { Actor } from "../../handler/options.ts";
import { newId } from "../../storage/ids.ts";
import { rsaKeyPairPem } from "../test.support.ts";
import {
  GOOGLE_SERVICE_ACCOUNT_ID,
  googleServiceAccount,
  legacyServiceAccountCalendars,
  type ServiceAccountCalendars,
  type ServiceAccountCalendarsSource,
} from "./index.ts";

const OPS = "ops@acme.test";
const ACME_TEAM = "acme-team@group.calendar.google.com";
const ACME_READ_ONLY = "acme-readonly@group.calendar.google.com";
const ACME_GONE = "acme-gone@group.calendar.google.com";
const GLOBEX_TEAM = "globex-team@group.calendar.google.com";
const UNLISTED = "unlisted@group.calendar.google.com";
const CALENDARS: ServiceAccountCalendars = {
  org_acme: [OPS, ACME_TEAM, ACME_READ_ONLY, ACME_GONE],
  org_globex: [GLOBEX_TEAM],
};
const ALICE: Actor = { userId: "user_alice", organizationId: "org_acme", role: "admin" };

/** Everything the service account can see, plus calendars it cannot. */
async function tenants(
  options: { calendars?: ServiceAccountCalendarsSource; enabled?: (org: string) => boolean } = {},
): Promise<Harness> {
  const h = await createHarness(
    {},
    {
      serviceAccount: true,
      serviceAccountEnabled: options.enabled ?? (() => true),
      serviceAccountCalendars: options.calendars ?? CALENDARS,
    },
  );
  h.google.addCalendar(OPS, { id: ACME_TEAM, name: "Acme team" });
  h.google.addCalendar(OPS, { id: ACME_READ_ONLY, name: "Acme holidays", accessRole: "reader" });
  h.google.addCalendar(OPS, { id: GLOBEX_TEAM, name: "Globex team" });
  h.google.addCalendar(OPS, { id: UNLISTED, name: "Someone else's" });
  return h;
}

const connectBody = (calendarId: string) => ({
  provider: GOOGLE_SERVICE_ACCOUNT_ID,
  input: { calendarId },
});

/** Status and body of a response, as an attacker would compare them. */
async function answer(response: Response): Promise<string> {
  return `${response.status} ${response.headers.get("content-type")} ${await response.text()}`;
}

// Each way a calendar id can be wrong for org_acme, and whether the service account may look it up.
const REFUSED: readonly (readonly [string, string, boolean])[] = [
  ["belongs to another tenant", GLOBEX_TEAM, false],
  ["does not exist", "typo@group.calendar.google.com", false],
  ["is on the list but does not exist", ACME_GONE, true],
  ["exists but is not shared with the service account", "carol@globex.test", false],
  ["is visible and writable but on nobody's list", UNLISTED, false],
  ["is on the list but shared read-only", ACME_READ_ONLY, true],
];

describe("google-service-account: calendars bound to organizations", () => {
  it("POST /connections refuses every calendar but the organization's own with one answer, asking Google only for listed ids", async () => {
    const h = await tenants();
    const answers = new Set<string>();
    for (const [why, calendarId, listed] of REFUSED) {
      const lookups = h.google.callCount("calendarList.list");
      const response = await h.call("POST", "/connections", { body: connectBody(calendarId) });
      expect(response.status, why).toBe(422);
      answers.add(await answer(response));
      expect(h.google.callCount("calendarList.list") - lookups, why).toBe(listed ? 1 : 0);
    }
    expect([...answers]).toHaveLength(1);
    expect(await h.storage.listConnections("org_acme")).toEqual([]);

    const created = await h.call("POST", "/connections", { body: connectBody(ACME_TEAM) });
    expect(created.status).toBe(201);
    expect(CreateConnectionResponse.parse(await created.json()).connection).toMatchObject({
      calendarId: ACME_TEAM,
      calendarName: "Acme team",
      status: "active",
    });
  });

  it("PATCH /connections/:id gives the same one answer as POST", async () => {
    const h = await tenants();
    const created = await h.call("POST", "/connections", { body: connectBody(OPS) });
    const { id } = CreateConnectionResponse.parse(await created.json()).connection;
    const answers = new Set<string>();
    for (const [why, calendarId, listed] of REFUSED) {
      const lookups = h.google.callCount("calendarList.list");
      const response = await h.call("PATCH", `/connections/${id}`, { body: { calendarId } });
      expect(response.status, why).toBe(422);
      answers.add(await answer(response));
      expect(h.google.callCount("calendarList.list") - lookups, why).toBe(listed ? 1 : 0);
    }
    expect([...answers]).toHaveLength(1);
    expect((await h.storage.getConnection("org_acme", id))?.calendarId).toBe(OPS);
    // Word for word what POST answers (asked where org_acme has no connection yet).
    const fresh = await tenants();
    const refusedAtPost = await fresh.call("POST", "/connections", { body: connectBody(GLOBEX_TEAM) });
    expect([...answers]).toEqual([await answer(refusedAtPost)]);
  });

  it("PATCH /connections/:id checks the opt-in too", async () => {
    let acmeEnabled = true;
    const h = await tenants({ enabled: (org) => org !== "org_acme" || acmeEnabled });
    const created = await h.call("POST", "/connections", { body: connectBody(OPS) });
    const { id } = CreateConnectionResponse.parse(await created.json()).connection;
    const moved = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: ACME_TEAM } });
    expect(moved.status).toBe(200);

    acmeEnabled = false;
    const optedOut = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: OPS } });
    expect(optedOut.status).toBe(403);
    expect((await problem(optedOut)).code).toBe("provider_not_enabled");
    expect((await h.storage.getConnection("org_acme", id))?.calendarId).toBe(ACME_TEAM);
  });

  it("offers the service account only to organizations with a calendar on the list", async () => {
    const h = await tenants({ calendars: { org_acme: [OPS] } });
    const offered = async (as: "alice" | "carol") =>
      ProviderList.parse(await (await h.call("GET", "/providers", { as })).json()).providers.find(
        (provider) => provider.id === GOOGLE_SERVICE_ACCOUNT_ID,
      )?.enabled;
    expect(await offered("alice")).toBe(true);
    expect(await offered("carol")).toBe(false);
    const refused = await h.call("POST", "/connections", { as: "carol", body: connectBody(GLOBEX_TEAM) });
    expect((await problem(refused)).code).toBe("provider_not_enabled");
  });

  it("never writes into a calendar off the organization's list, even for a connection made before the list", async () => {
    const h = await tenants();
    // A connection an admin of org_acme made into Globex's calendar before calendars were bound.
    const stale = await h.storage.createConnection({
      id: newId(),
      organizationId: "org_acme",
      provider: GOOGLE_SERVICE_ACCOUNT_ID,
      exclusive: true,
      accountEmail: OPS,
      calendarId: GLOBEX_TEAM,
      calendarName: "Globex team",
      audit: { actorId: null, action: "connection.connected", details: {} },
    });
    h.events.set("org_acme", [
      {
        id: "evt_1",
        title: "Acme board meeting",
        start: new Date("2026-12-01T09:00:00Z"),
        end: new Date("2026-12-01T10:00:00Z"),
      },
    ]);
    await h.kit.sync.enqueueEventSync({ organizationId: "org_acme", eventId: "evt_1" });
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10 });
    expect(h.google.events(OPS, GLOBEX_TEAM)).toEqual([]);
    expect(await h.kit.api.getConnection(ALICE, stale.id)).toMatchObject({
      status: "error",
      health: { reason: "calendar_not_found" },
    });

    await h.kit.api.selectCalendar(ALICE, stale.id, { calendarId: ACME_TEAM });
    await h.kit.sync.processPendingCalendarSyncJobs({ limit: 10 });
    expect(h.google.events(OPS, ACME_TEAM).map((event) => event.resource.summary)).toEqual([
      "Acme board meeting",
    ]);
    expect(h.google.events(OPS, GLOBEX_TEAM)).toEqual([]);
  });

  it("refuses the same calendar for two organizations when the provider is configured", async () => {
    const { privatePem } = await rsaKeyPairPem();
    const configure = (calendars: ServiceAccountCalendars) => () =>
      googleServiceAccount({
        key: { client_email: "sa@example.iam.gserviceaccount.com", private_key: privatePem },
        subject: null,
        calendars,
      });
    expect(configure({ org_acme: [ACME_TEAM], org_globex: [ACME_TEAM.toUpperCase()] })).toThrow(
      /acme-team@group\.calendar\.google\.com.*org_acme.*org_globex/i,
    );
    expect(configure({ org_acme: [ACME_TEAM, ACME_TEAM], org_globex: [GLOBEX_TEAM] })).not.toThrow();
  });

  it("refuses a loaded list that binds a calendar twice, and reloads the list after its max age", async () => {
    let loaded: ServiceAccountCalendars = { org_acme: [OPS], org_globex: [OPS] };
    const h = await tenants({ calendars: () => Promise.resolve(loaded) });
    const broken = await h.call("POST", "/connections", { body: connectBody(OPS) });
    expect(broken.status).toBe(500);
    expect(await h.storage.listConnections("org_acme")).toEqual([]);

    loaded = { org_acme: [OPS] };
    const created = await h.call("POST", "/connections", { body: connectBody(OPS) });
    expect(created.status).toBe(201);
    const { id } = CreateConnectionResponse.parse(await created.json()).connection;
    loaded = { org_acme: [OPS, ACME_TEAM] };
    const cached = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: ACME_TEAM } });
    expect(cached.status).toBe(422);
    h.clock.advance(60_000);
    const reloaded = await h.call("PATCH", `/connections/${id}`, { body: { calendarId: ACME_TEAM } });
    expect(reloaded.status).toBe(200);
  });

  it("reads the import-service-account file into the allow-list, and refuses a calendar listed for two organizations", () => {
    expect(
      legacyServiceAccountCalendars([
        { organizationId: "org_acme", calendarId: ACME_TEAM, calendarName: "Acme team" },
        { organizationId: "org_globex", calendarId: GLOBEX_TEAM },
      ]),
    ).toEqual({ org_acme: [ACME_TEAM], org_globex: [GLOBEX_TEAM] });
    expect(legacyServiceAccountCalendars({ org_acme: ACME_TEAM })).toEqual({ org_acme: [ACME_TEAM] });
    expect(() => legacyServiceAccountCalendars({ org_acme: ACME_TEAM, org_globex: ACME_TEAM })).toThrow(
      /listed for org_acme and org_globex/,
    );
    expect(() => legacyServiceAccountCalendars("nope")).toThrow(/expected an array/);
  });
});
