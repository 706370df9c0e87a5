import { CreateConnectionResponse } from "@org/calendar-connections-core";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { defineCalendarProvider } from "../providers/define-provider.ts";
import { ProviderError } from "../providers/errors.ts";
import { createHarness, problem } from "./harness.support.ts";

const calendar = { id: "cal-1", name: "Team", primary: true, canWrite: true, timeZone: null, color: null };

/** A form provider of the host's own: a username and an app password, checked by `verify`. */
const vault = defineCalendarProvider({
  id: "vault",
  name: { en: "Vault Calendar", de: "Vault-Kalender" },
  description: "A host's own provider.",
  icon: { type: "svg", svg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"/>' },
  connect: {
    kind: "form",
    fields: [
      { name: "username", label: "Username", type: "text" },
      { name: "password", label: { en: "App password", de: "App-Passwort" }, type: "secret" },
    ],
    schema: z.object({
      username: z.string().check(z.minLength(1)),
      password: z.string().check(z.minLength(8)),
    }),
    async verify(input) {
      if (input.password !== "correct-horse") {
        throw new ProviderError("unauthorized", { provider: "vault", operation: "verify", status: 401 });
      }
      return {
        identity: { accountId: input.username, email: `${input.username}@vault.test` },
        secrets: input,
      };
    },
  },
  calendar: {
    listCalendars: async (access) => (access.secrets.password === "correct-horse" ? [calendar] : []),
    upsertEvent: async () => ({ externalId: "x", etag: null, created: true }),
    updateEvent: async () => ({ externalId: "x", etag: null, created: false }),
    deleteEvent: async () => ({ alreadyGone: false }),
  },
  sync: { idempotency: { kind: "provider-key" } },
});

describe("POST /connections for a host's form provider", () => {
  it("answers refused credentials as credentials_rejected, stores nothing, and never echoes the password", async () => {
    const h = await createHarness({}, { extraProviders: [vault] });
    const response = await h.call("POST", "/connections", {
      body: { provider: "vault", input: { username: "ada", password: "wrong-battery" } },
    });
    expect(response.status).toBe(422);
    expect((await problem(response)).code).toBe("credentials_rejected");
    expect(await h.storage.listConnections("org_acme")).toEqual([]);
    expect([...h.transcript, ...h.logs].join("\n")).not.toContain("wrong-battery");
  });

  it("connects, keeps the password only in the encrypted envelope, takes the only calendar, and reconnects the same account", async () => {
    const h = await createHarness({}, { extraProviders: [vault] });
    const body = { provider: "vault", input: { username: "ada", password: "correct-horse" } };
    const created = await h.call("POST", "/connections", { body });
    expect(created.status).toBe(201);
    const { connection } = CreateConnectionResponse.parse(await created.json());
    expect(connection).toMatchObject({
      provider: "vault",
      accountEmail: "ada@vault.test",
      calendarId: "cal-1",
    });
    const stored = await h.storage.getConnection("org_acme", connection.id);
    expect(stored?.credentialsKind).toBe("secret");
    expect(JSON.stringify(stored)).not.toContain("correct-horse");
    expect(h.transcript.join("\n")).not.toContain("correct-horse");
    await h.storage.updateConnection("org_acme", connection.id, {
      status: "needs_reauth",
      health: { reason: "token_revoked", message: "revoked", retryAt: null },
    });
    const again = CreateConnectionResponse.parse(
      await (await h.call("POST", "/connections", { body })).json(),
    );
    expect(again.connection).toMatchObject({ id: connection.id, status: "active" });
    expect(await h.storage.listConnections("org_acme")).toHaveLength(1);
  });
});
