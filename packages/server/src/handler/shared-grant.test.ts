// One provider account connected in two organizations. Google's grant is per (account, OAuth client),
// so revoking any token of it ends every connection the account has with this product: the kit must
// revoke only when no other live connection, in any organization, uses the account.

import { describe, expect, it } from "vitest";
import { event } from "../sync/sync.support.ts";
import { createHarness, type Harness } from "./harness.support.ts";
import type { Actor } from "./options.ts";

/** The shared Google account: dana's own, connected by dana (admin of both organizations). */
const SHARED = "dana@consulting.test";
const ACME: Actor = { userId: "user_dana", organizationId: "org_acme", role: "admin" };
const GLOBEX: Actor = { userId: "user_dana", organizationId: "org_globex", role: "admin" };
const KEPT = { revocation: "kept", reason: "shared with another connection" };

async function sharedHarness(): Promise<Harness> {
  const h = await createHarness();
  h.google.addAccount({ email: SHARED, id: "sub-dana" });
  h.microsoft.addAccount({ email: SHARED, id: "ms-dana" });
  return h;
}

/** Connects the shared account in an organization as dana; returns the connection id. */
async function connectShared(
  h: Harness,
  actor: Actor,
  provider: "google" | "microsoft" = "google",
): Promise<string> {
  const { location } = await h.connect("dana", {
    email: SHARED,
    organizationId: actor.organizationId,
    provider,
  });
  expect(location.searchParams.get("calendarConnection"), location.search).toBe("connected");
  return location.searchParams.get("connectionId") ?? "";
}

/** Both organizations connected to the shared account; globex syncs into its secondary calendar. */
async function connectedInBoth(h: Harness, provider: "google" | "microsoft" = "google") {
  const acme = await connectShared(h, ACME, provider);
  const globex = await connectShared(h, GLOBEX, provider);
  return { acme, globex, calendarId: await pickSecondary(h, GLOBEX, globex) };
}

/** Selects the connection's secondary calendar as its target; returns its id. */
async function pickSecondary(h: Harness, actor: Actor, id: string): Promise<string> {
  const calendars = await h.kit.api.listCalendars(actor, id);
  const target = calendars.find((calendar) => !calendar.primary && calendar.canWrite);
  if (target === undefined) throw new Error("no secondary calendar");
  await h.kit.api.selectCalendar(actor, id, { calendarId: target.id });
  return target.id;
}

/**
 * The connection still works end to end: its access token is refreshed (the refresh token is alive
 * at the provider), the calendars answer, a new event syncs, and it stays active.
 */
async function expectWorking(
  h: Harness,
  actor: Actor,
  id: string,
  calendarId: string,
  eventId: string,
  provider: "google" | "microsoft" = "google",
) {
  h.clock.advance(2 * 60 * 60 * 1000);
  expect((await h.kit.api.listCalendars(actor, id)).length).toBeGreaterThan(0);
  h.events.set(actor.organizationId, [event(eventId, `Synced ${eventId}`)]);
  await h.kit.sync.enqueueEventSync({ organizationId: actor.organizationId, eventId });
  const result = await h.kit.sync.processPendingCalendarSyncJobs();
  expect(result).toMatchObject({ succeeded: 1, parked: 0, deadLettered: 0 });
  expect(await h.kit.api.getConnection(actor, id)).toMatchObject({ status: "active", health: null });
  const written = (provider === "google" ? h.google : h.microsoft).events(SHARED, calendarId);
  expect(written.map((one) => one.resource.summary ?? one.resource.subject)).toContain(`Synced ${eventId}`);
}

describe("one Google account in two organizations", () => {
  it("shares one grant at the fake Google: both connections hold tokens of it", async () => {
    const h = await sharedHarness();
    await connectedInBoth(h);
    const grants = h.google.inspect().grants.filter((grant) => grant.email === SHARED);
    expect(grants).toHaveLength(1);
    expect(grants[0]?.refreshTokens).toHaveLength(2);
  });

  it("a disconnect in one organization keeps the grant the other still uses, and audits it as kept", async () => {
    const h = await sharedHarness();
    const { acme, globex, calendarId } = await connectedInBoth(h);

    expect(await h.kit.api.disconnect(ACME, acme)).toMatchObject({ status: "disconnected" });
    expect(h.google.inspect().revocations).toEqual([]);
    const audit = await h.kit.api.listAudit(ACME, acme);
    expect(audit[0]).toMatchObject({ action: "connection.disconnected", details: KEPT });
    // The erased tokens are gone from the row all the same.
    expect(await h.storage.getConnection("org_acme", acme)).toMatchObject({ credentialsCiphertext: null });

    await expectWorking(h, GLOBEX, globex, calendarId, "evt_after_disconnect");
  });

  it("the last connection's disconnect still revokes the grant", async () => {
    const h = await sharedHarness();
    const { acme, globex } = await connectedInBoth(h);
    await h.kit.api.disconnect(ACME, acme);
    await h.kit.api.disconnect(GLOBEX, globex);

    expect(h.google.inspect().revocations).toEqual([
      expect.objectContaining({ email: SHARED, via: "revoke_endpoint" }),
    ]);
    expect(h.google.inspect().grants.every((grant) => grant.revokedAt !== null)).toBe(true);
    const audit = await h.kit.api.listAudit(GLOBEX, globex);
    expect(audit[0]).toMatchObject({ action: "connection.disconnected", details: { revocation: "revoked" } });
  });

  it("a refused second connect (connection_exists) does not revoke the grant another organization uses", async () => {
    const h = await sharedHarness();
    // org_acme's one Google slot is alice's account; the shared account is connected in org_globex only.
    await h.connect("alice");
    const globex = await connectShared(h, GLOBEX);
    const calendarId = await pickSecondary(h, GLOBEX, globex);
    const refused = await h.connect("dana", { email: SHARED, organizationId: "org_acme" });
    expect(refused.location.searchParams.get("code")).toBe("connection_exists");

    expect(h.google.inspect().revocations).toEqual([]);
    await expectWorking(h, GLOBEX, globex, calendarId, "evt_after_refused_connect");
  });

  it("a reconnect with a scope unticked (scope_missing) keeps the existing connections of the account", async () => {
    const h = await sharedHarness();
    const { acme, globex, calendarId } = await connectedInBoth(h);
    const refused = await h.connect("dana", {
      email: SHARED,
      organizationId: "org_acme",
      withhold: ["https://www.googleapis.com/auth/calendar.events"],
    });
    expect(refused.location.searchParams.get("code")).toBe("scope_missing");

    expect(h.google.inspect().revocations).toEqual([]);
    // The connection being reconnected is untouched, and so is the other organization's.
    expect(await h.kit.api.getConnection(ACME, acme)).toMatchObject({ status: "active" });
    expect((await h.kit.api.listCalendars(ACME, acme)).length).toBeGreaterThan(0);
    await expectWorking(h, GLOBEX, globex, calendarId, "evt_after_scope_missing");
  });

  it("a reconnect without offline access (refresh_token_missing) keeps the existing connection of the account", async () => {
    const h = await sharedHarness();
    const acme = await connectShared(h, ACME);
    const started = await h.call("POST", "/oauth/google/start", { as: "dana", body: {} });
    const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const online = new URL(((await started.json()) as { authorizationURL: string }).authorizationURL);
    online.searchParams.delete("access_type");
    const callbackURL = await h.google.consent(online, { email: SHARED });
    const response = await h.kit.handler(
      new Request(callbackURL, { headers: { cookie: `session=dana; ${cookie}` } }),
    );
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("code")).toBe("refresh_token_missing");

    expect(h.google.inspect().revocations).toEqual([]);
    h.clock.advance(2 * 60 * 60 * 1000);
    expect((await h.kit.api.listCalendars(ACME, acme)).length).toBeGreaterThan(0);
    expect(await h.kit.api.getConnection(ACME, acme)).toMatchObject({ status: "active" });
  });

  it("a refused connect of an account nobody else uses still revokes what it got", async () => {
    const h = await sharedHarness();
    const refused = await h.connect("dana", {
      email: SHARED,
      withhold: ["https://www.googleapis.com/auth/calendar.events"],
    });
    expect(refused.location.searchParams.get("code")).toBe("scope_missing");
    expect(h.google.inspect().revocations).toEqual([expect.objectContaining({ email: SHARED })]);
  });
});

describe("one Microsoft account in two organizations", () => {
  it("a disconnect never calls anything destructive, and the other organization keeps syncing", async () => {
    const h = await sharedHarness();
    const { acme, globex, calendarId } = await connectedInBoth(h, "microsoft");
    const callsBefore = h.microsoft.inspect().calls;

    await h.kit.api.disconnect(ACME, acme);
    expect((await h.kit.api.listAudit(ACME, acme))[0]).toMatchObject({ details: KEPT });
    // Entra ID has no revocation endpoint for delegated tokens; the kit sends nothing at disconnect.
    expect(h.microsoft.inspect().calls).toEqual(callsBefore);
    expect(h.microsoft.inspect().revocations).toEqual([]);
    await expectWorking(h, GLOBEX, globex, calendarId, "evt_ms_after_disconnect", "microsoft");

    await h.kit.api.disconnect(GLOBEX, globex);
    expect((await h.kit.api.listAudit(GLOBEX, globex))[0]).toMatchObject({
      details: { revocation: "unsupported" },
    });
    expect(h.microsoft.inspect().revocations).toEqual([]);
  });
});
