import { Connection } from "@org/calendar-connections-core";
import { expect, it } from "vitest";
import { connectionHealth } from "../connection-health.ts";
import { toConnection } from "./mapper.ts";
import { createMemoryStorage } from "./memory.ts";

it("maps a stored row to the API's Connection, without any token field", async () => {
  const storage = createMemoryStorage({ now: () => new Date("2026-01-02T03:04:05.000Z") });
  const record = await storage.createConnection({
    id: "conn-1",
    organizationId: "org-a",
    provider: "google",
    exclusive: true,
    accountEmail: "admin@example.com",
    scopes: ["openid"],
    health: { reason: "rate_limited", message: "Slow down", retryAt: new Date("2026-01-02T04:00:00.000Z") },
    tokens: {
      credentialsKind: "oauth",
      credentialsCiphertext: "v2.k1.a.b",
      tokenExpiresAt: new Date(),
      keyId: "k1",
    },
    feedTokenHash: "hash",
  });
  const connection = toConnection(record);
  expect(Connection.parse(connection)).toEqual(connection);
  expect(connection).toMatchObject({
    createdAt: "2026-01-02T03:04:05.000Z",
    health: { reason: "rate_limited", retryAt: "2026-01-02T04:00:00.000Z", fromProvider: true },
  });
  const serialized = JSON.stringify(connection);
  for (const secret of ["v2.k1", "oauth", "hash", "k1"]) expect(serialized).not.toContain(secret);
});

it("marks a health message as the provider's own only when it is not the kit's sentence", async () => {
  const storage = createMemoryStorage();
  const base = {
    organizationId: "org-a",
    provider: "google",
    exclusive: true,
    accountEmail: null,
    scopes: [],
  };
  const own = await storage.createConnection({
    ...base,
    id: "c-own",
    health: connectionHealth("token_revoked", null),
  });
  const theirs = await storage.createConnection({
    ...base,
    id: "c-theirs",
    organizationId: "org-b",
    health: connectionHealth("token_revoked", null, "Use an app-specific password."),
  });
  expect(toConnection(own).health).not.toHaveProperty("fromProvider");
  expect(toConnection(theirs).health).toMatchObject({ fromProvider: true });
});
