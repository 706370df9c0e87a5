import { isProviderId } from "@org/calendar-connections-core";
import type { CalendarProvider, CalendarProviderDefinition } from "./define.ts";

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Declares a calendar provider: one module the host passes to `createCalendarConnections({ providers })`.
 * Checks the declaration once, at startup, so a mistake fails loudly instead of at an admin's click.
 *
 * @example
 * ```ts
 * export const acme = defineCalendarProvider({
 *   id: "acme",
 *   name: "Acme Calendar",
 *   description: "Sync events into an Acme calendar.",
 *   icon: { type: "key", key: "acme" },
 *   connect: { kind: "oauth", requiredScopes: ["calendar"], ...oauthOperations },
 *   calendar: acmeCalendarOperations,
 *   sync: { concurrency: 4, idempotency: { kind: "provider-key" } },
 * });
 * ```
 */
export function defineCalendarProvider<const Id extends string, Input = unknown>(
  definition: CalendarProviderDefinition<Id, Input>,
): CalendarProvider<Id> {
  const { id } = definition;
  if (!isProviderId(id)) {
    throw new Error(
      `Provider id "${id}" is invalid: use 2 to 32 lowercase letters, digits or dashes, starting with a letter.`,
    );
  }
  if (definition.calendar !== undefined && definition.sync === undefined) {
    throw new Error(`Provider "${id}" writes events, so it must declare sync settings (idempotency).`);
  }
  if (definition.connect.kind === "form") {
    const names = new Set<string>();
    for (const field of definition.connect.fields) {
      if (!FIELD_NAME.test(field.name) || names.has(field.name)) {
        throw new Error(`Provider "${id}" has an invalid or repeated form field name "${field.name}".`);
      }
      if (field.type === "secret" && field.defaultValue !== undefined) {
        throw new Error(`Provider "${id}": the secret field "${field.name}" cannot have a default value.`);
      }
      names.add(field.name);
    }
  }
  for (const route of definition.routes ?? []) {
    if (!route.pattern.startsWith("/")) {
      throw new Error(`Provider "${id}": route pattern "${route.pattern}" must start with "/".`);
    }
  }
  const writesEvents = definition.calendar !== undefined;
  return {
    ...(definition as CalendarProviderDefinition<Id, unknown>),
    capabilities: {
      calendarPicker: definition.capabilities?.calendarPicker ?? writesEvents,
      multiplePerOrganization: definition.capabilities?.multiplePerOrganization ?? false,
      writesEvents,
    },
  };
}
