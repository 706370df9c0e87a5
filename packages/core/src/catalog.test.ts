import { describe, expect, it } from "vitest";
import { getProvider, PROVIDER_CATALOG, PROVIDERS } from "./catalog.ts";
import { PROVIDER_IDS } from "./enums.ts";

describe("provider catalog", () => {
  it("has one entry per provider id, keyed by its own id, in display order", () => {
    expect(PROVIDERS.map((entry) => entry.id)).toEqual([...PROVIDER_IDS]);
    for (const id of PROVIDER_IDS) expect(getProvider(id).id).toBe(id);
  });

  it("asks Google for event writes, calendar listing and identity", () => {
    expect(PROVIDER_CATALOG.google.scopes).toEqual([
      "https://www.googleapis.com/auth/calendar.events",
      "https://www.googleapis.com/auth/calendar.readonly",
      "openid",
      "email",
    ]);
  });

  it("asks Microsoft for offline access, calendar writes and identity", () => {
    expect(PROVIDER_CATALOG.microsoft.scopes).toEqual([
      "offline_access",
      "Calendars.ReadWrite",
      "User.Read",
      "openid",
      "email",
    ]);
  });

  it("only requires scopes it asks for", () => {
    for (const entry of PROVIDERS) {
      for (const scope of entry.requiredScopes) expect(entry.scopes).toContain(scope);
    }
  });

  it("asks for scopes exactly when the provider uses OAuth", () => {
    for (const entry of PROVIDERS.filter((provider) => provider.capabilities.oauth)) {
      expect(entry.requiredScopes.length).toBeGreaterThan(0);
    }
    expect(PROVIDER_CATALOG.ics.scopes).toEqual([]);
  });

  it("offers the legacy service account only to organizations that opt in", () => {
    expect(PROVIDERS.filter((entry) => entry.optIn).map((entry) => entry.id)).toEqual([
      "google-service-account",
    ]);
  });
});
