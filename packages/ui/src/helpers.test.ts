import { de } from "./i18n/de.ts";
import { en } from "./i18n/en.ts";
import { errorMessage, format, formatRelativeTime, mergeMessages } from "./i18n/format.ts";
import { attentionCount, calendarConnectionsNavItem } from "./nav.ts";
import { readOAuthReturn, withoutOAuthReturn } from "./page/oauth-return.ts";

describe("calendarConnectionsNavItem", () => {
  it("is for admins only and labelled by default", () => {
    expect(calendarConnectionsNavItem({ href: "/admin/calendars" })).toEqual({
      id: "calendar-connections",
      href: "/admin/calendars",
      label: "Calendar connections",
      requiredRole: "admin",
    });
    expect(calendarConnectionsNavItem({ href: "/x", label: "Kalender" }).label).toBe("Kalender");
  });
});

describe("OAuth return parameters", () => {
  it("reads success and error outcomes, and nothing when absent", () => {
    expect(readOAuthReturn("?calendarConnection=connected&connectionId=conn_1")).toEqual({
      outcome: "connected",
      connectionId: "conn_1",
    });
    expect(readOAuthReturn("?calendarConnection=error&code=oauth_state_expired")).toEqual({
      outcome: "error",
      code: "oauth_state_expired",
    });
    expect(readOAuthReturn("?calendarConnection=error&code=forbidden")).toEqual({
      outcome: "error",
      code: null,
    });
    expect(readOAuthReturn("?tab=1")).toBeNull();
  });

  it("removes only its own parameters", () => {
    expect(
      withoutOAuthReturn("https://app.example/admin?tab=1&calendarConnection=error&code=oauth_denied#top"),
    ).toBe("/admin?tab=1#top");
  });
});

describe("messages", () => {
  it("have a German entry for every English one", () => {
    const keys = (messages: object): string[] =>
      Object.entries(messages).flatMap(([key, value]) =>
        typeof value === "string" ? [key] : Object.keys(value).map((inner) => `${key}.${inner}`),
      );
    expect(keys(de).sort()).toEqual(keys(en).sort());
  });

  it("merge overrides group by group and fill placeholders", () => {
    const merged = mergeMessages({ connect: "Link {provider}", errors: { oauth_denied: "Denied." } });
    expect(format(merged.connect, { provider: "Google" })).toBe("Link Google");
    expect(merged.errors.oauth_denied).toBe("Denied.");
    expect(merged.errors.oauth_state_expired).toBe(en.errors.oauth_state_expired);
    expect(errorMessage({ code: "oauth_denied" }, merged)).toBe("Denied.");
    expect(errorMessage(new Error("x"), merged)).toBe(en.unknownError);
  });

  it("format relative times in the locale", () => {
    const now = new Date("2026-11-26T10:00:00Z");
    expect(formatRelativeTime("2026-11-26T09:55:00Z", now, "en")).toBe("5 minutes ago");
    expect(formatRelativeTime("2026-11-26T12:00:00Z", now, "en")).toBe("in 2 hours");
    expect(formatRelativeTime("2026-11-25T10:00:00Z", now, "de")).toBe("gestern");
    expect(formatRelativeTime("2026-11-26T09:59:50Z", now, "en")).toBe("this minute");
  });
});

describe("attentionCount and the nav badge", () => {
  it("counts live connections that need an admin, and the item carries a badge only then", () => {
    const connections = [
      { status: "active", calendarId: "cal", provider: "google" },
      { status: "needs_reauth", calendarId: "cal", provider: "google" },
      { status: "error", calendarId: "cal", provider: "microsoft" },
      { status: "active", calendarId: null, provider: "google" },
      { status: "active", calendarId: null, provider: "ics" },
      { status: "disconnected", calendarId: null, provider: "google" },
    ];
    expect(attentionCount(connections)).toBe(4);
    expect(attentionCount(connections, { withoutCalendar: ["ics"] })).toBe(3);
    expect(calendarConnectionsNavItem({ href: "/x", attention: 3 }).badge).toEqual({
      count: 3,
      label: "3 need attention",
    });
    expect(calendarConnectionsNavItem({ href: "/x", attention: 1 }).badge?.label).toBe("1 needs attention");
    expect(calendarConnectionsNavItem({ href: "/x", attention: 0 }).badge).toBeUndefined();
  });
});
