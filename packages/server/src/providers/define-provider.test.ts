import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import type { createCalendarConnections } from "../handler/create.ts";
import { createHarness } from "../handler/harness.support.ts";
import type { Actor } from "../handler/options.ts";
import type { CalendarProvider, CalendarProviderDefinition } from "./define.ts";
import { defineCalendarProvider } from "./define-provider.ts";
import { localize } from "./localize.ts";
import { createProviderRegistry } from "./registry.ts";

const instant = (id: string): CalendarProviderDefinition<string> => ({
  id,
  name: "Feed",
  description: "A feed.",
  icon: { type: "key", key: "feed" },
  connect: { kind: "instant", create: async () => ({}) },
});

describe("defineCalendarProvider", () => {
  it("fills the capabilities from what the provider declares", () => {
    const provider = defineCalendarProvider(instant("plain-feed"));
    expect(provider.capabilities).toEqual({
      calendarPicker: false,
      multiplePerOrganization: false,
      writesEvents: false,
    });
  });

  it.each(["A", "a", "1abc", "has space", "under_score", `a${"b".repeat(32)}`])("refuses the id %j", (id) => {
    expect(() => defineCalendarProvider(instant(id))).toThrow(/Provider id .* is invalid/);
  });

  it("refuses a provider that writes events without sync settings", () => {
    expect(() =>
      defineCalendarProvider({
        ...instant("writer"),
        calendar: {
          listCalendars: async () => [],
          upsertEvent: async () => ({ externalId: "x", etag: null, created: true }),
          updateEvent: async () => ({ externalId: "x", etag: null, created: false }),
          deleteEvent: async () => ({ alreadyGone: false }),
        },
      }),
    ).toThrow(/sync settings/);
  });

  it("refuses repeated form fields and a default value on a secret field", () => {
    const form = (fields: { name: string; type: "text" | "secret"; defaultValue?: string }[]) =>
      defineCalendarProvider({
        ...instant("form-provider"),
        connect: {
          kind: "form",
          fields: fields.map((field) => ({ ...field, label: field.name })),
          schema: z.record(z.string(), z.string()),
          verify: async () => ({ identity: { accountId: null, email: null } }),
        },
      });
    expect(() =>
      form([
        { name: "a", type: "text" },
        { name: "a", type: "text" },
      ]),
    ).toThrow(/repeated/);
    expect(() => form([{ name: "password", type: "secret", defaultValue: "x" }])).toThrow(/secret/);
  });
});

describe("provider registry", () => {
  it("refuses two providers with one id, and a route the kit or another provider has", () => {
    const feed = defineCalendarProvider(instant("feed"));
    expect(() => createProviderRegistry([feed, feed], [])).toThrow(/share the id "feed"/);
    const routed = defineCalendarProvider({
      ...instant("routed"),
      routes: [
        { method: "GET", pattern: "/providers", access: "public", handle: async () => new Response() },
      ],
    });
    expect(() => createProviderRegistry([routed], [{ method: "GET", pattern: "/providers" }])).toThrow(
      /adds a route that exists: GET \/providers/,
    );
  });

  it("keeps provider ids as literal types for the host's API calls, and refuses others at run time", async () => {
    const h = await createHarness();
    const actor = { userId: "user_alice", organizationId: "org_acme", role: "admin" };
    const started = await h.kit.api.startAuthorization(actor, "google", {});
    expect(new URL(started.authorizationURL).origin).toBe("https://fake-google.test");
    // A caller that gets past the types (plain JavaScript) meets the registry.
    await expect(h.kit.api.startAuthorization(actor, "gogle", {})).rejects.toMatchObject({
      code: "provider_unknown",
    });
    // Checked by the typecheck step, never called: a host passing an array literal gets the literal
    // union of its ids, so a misspelt id does not compile.
    const typeCheckOnly = (
      kit: ReturnType<typeof createCalendarConnections<[CalendarProvider<"only-me">]>>,
      caller: Actor,
    ): void => {
      void kit.api.startAuthorization(caller, "only-me", {});
      // @ts-expect-error an id the host did not pass is not assignable
      void kit.api.startAuthorization(caller, "gogle", {});
    };
    void typeCheckOnly;
  });
});

describe("localize", () => {
  const text = { en: "Connect", de: "Verbinden", "de-CH": "Verbinde" };
  it.each([
    [null, "Connect"],
    ["de", "Verbinden"],
    ["de-AT", "Verbinden"],
    ["de-CH", "Verbinde"],
    ["fr", "Connect"],
  ])("picks the text for %s", (locale, expected) => {
    expect(localize(text, locale)).toBe(expected);
  });
  it("leaves a plain string alone", () => {
    expect(localize("Feed", "de")).toBe("Feed");
  });
});
