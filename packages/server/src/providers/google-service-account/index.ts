import type { Calendar } from "@org/calendar-connections-core";
import * as z from "zod/mini";
import { ApiError } from "../../http/api-error.ts";
import type { CalendarProvider, ConnectionAccess } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import { isProviderError, ProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import { allowListReader, type CalendarAllowList, type ServiceAccountCalendarsSource } from "./allow-list.ts";
import { calendarKey } from "./assignments.ts";
import {
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccountProvider,
  TOKEN_OPERATION,
} from "./client.ts";

export {
  type CalendarAllowList,
  legacyServiceAccountCalendars,
  type ServiceAccountCalendars,
  type ServiceAccountCalendarsSource,
} from "./allow-list.ts";
export {
  type GoogleServiceAccountKey,
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccountProvider,
  parseServiceAccountKey,
} from "./client.ts";

/** The id connections of the legacy service account are stored under. */
export const GOOGLE_SERVICE_ACCOUNT_ID = "google-service-account";

/** How long after the operator's account was refused the sync tries again. */
const REFUSED_RETRY_MS = 5 * 60_000;

/** Options of the `googleServiceAccount()` provider: the account, and which organizations may use it. */
export interface GoogleServiceAccountPluginOptions extends GoogleServiceAccountOptions {
  /**
   * The calendars each organization may sync into (required): the shared account sees every tenant's
   * shared calendars, so every id not on the organization's list is refused, without asking Google.
   * `legacyServiceAccountCalendars(json)` reads the `import-service-account` file into this map.
   */
  readonly calendars: ServiceAccountCalendarsSource;
  /** How long a loaded list is used before `calendars()` is called again. Default 60 000 ms. */
  readonly calendarsMaxAgeMs?: number;
  /**
   * Whether an organization opted into the shared service account. Default: every organization with
   * a calendar on the list. Either way, an organization without one is not offered the provider.
   */
  readonly enabledFor?: (organizationId: string) => boolean | Promise<boolean>;
  /** Jobs of one connection in flight at once per worker. Default 8. */
  readonly concurrency?: number;
}

/** The legacy provider, with the service account it acts as and its allow-list (for the CLI's import). */
export type GoogleServiceAccountPlugin = CalendarProvider<typeof GOOGLE_SERVICE_ACCOUNT_ID> & {
  readonly account: GoogleServiceAccountProvider;
  /** The checked allow-list, as the provider enforces it now. */
  allowList(): Promise<CalendarAllowList>;
};

// Google calendar ids of a person or a shared calendar look like an address: name@domain.
const CalendarIdInput = z.object({
  calendarId: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Enter the calendar id."),
      z.maxLength(1024, "A calendar id has at most 1024 characters."),
      z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, "A calendar id looks like team@example.com."),
    ),
});

/**
 * No admin can reconnect the operator's account, so its refusals (a rotated or deleted key, removed
 * delegation or scopes: the token endpoint's refusals, a 401 to a freshly minted token) are outages
 * the operator fixes: `unavailable`, retried later, never `needs_reauth`. The provider's own code stays
 * on the error for the logs.
 */
function asOperatorOutage(error: unknown): unknown {
  if (!isProviderError(error)) return error;
  // The token endpoint answers unauthorized_client (401) and invalid_client as `invalid_request`.
  const { kind, operation } = error;
  const refused =
    kind === "invalid_grant" ||
    kind === "unauthorized" ||
    kind === "insufficient_scope" ||
    (operation === TOKEN_OPERATION && kind === "invalid_request");
  if (!refused) return error;
  return new ProviderError("unavailable", {
    provider: error.provider,
    operation: error.operation,
    status: error.status,
    providerCode: error.providerCode ?? error.kind,
    retryAfterMs: REFUSED_RETRY_MS,
    cause: error,
  });
}

/**
 * The legacy setup: one operator-configured Google service account writing into a calendar id an admin
 * enters. Offered only to organizations `enabledFor` opts in that have a calendar on the operator's
 * list (`calendars`), used for their events only while they have no connection of their own
 * (`role: "fallback"`), and writing only into calendars on their list.
 */
export function googleServiceAccount(options: GoogleServiceAccountPluginOptions): GoogleServiceAccountPlugin {
  const account = googleServiceAccountProvider(options);
  const email = account.subject ?? account.clientEmail;
  const allowList = allowListReader(
    options.calendars,
    options.calendarsMaxAgeMs ?? 60_000,
    options.now ?? (() => new Date()),
  );

  /** Calls Google with the service account's own token; a 401 mints a new one and tries once more. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      try {
        return await call((await account.getAccessToken()).accessToken);
      } catch (error) {
        if (!isProviderError(error, "unauthorized")) throw error;
        return await call((await account.getAccessToken({ forceRefresh: true })).accessToken);
      }
    } catch (error) {
      throw asOperatorOutage(error);
    }
  }

  async function enabled(organizationId: string): Promise<boolean> {
    if (options.enabledFor !== undefined && !(await options.enabledFor(organizationId))) return false;
    return (await allowList()).calendarsOf(organizationId).length > 0;
  }

  /**
   * The organization's writable calendar with this id, or null. Only ids on its list reach Google, so
   * neither the answer nor its timing says anything about other tenants' calendars.
   */
  async function assignedCalendar(organizationId: string, calendarId: string): Promise<Calendar | null> {
    if ((await allowList()).organizationOf(calendarId) !== organizationId) return null;
    const calendars = await withToken((token) => account.listCalendars(token));
    const calendar = calendars.find((candidate) => calendarKey(candidate.id) === calendarKey(calendarId));
    return calendar?.canWrite === true ? calendar : null;
  }

  // One answer for every id the organization may not use: missing, not shared, read-only, another
  // tenant's or not on its list.
  const notAvailable = (): ApiError =>
    new ApiError("calendar_not_found", {
      detail: `This calendar is not available to your organization. Ask your operator to assign it to your organization, and share it with ${email} (make changes to events).`,
    });

  /** Writes go only into a calendar on the organization's list, whenever the connection was made. */
  async function requireAssigned(access: ConnectionAccess, calendarId: string, operation: string) {
    if ((await allowList()).organizationOf(calendarId) === access.organizationId) return;
    throw new ProviderError("calendar_not_found", {
      provider: GOOGLE_SERVICE_ACCOUNT_ID,
      operation,
      providerCode: "not_assigned",
    });
  }

  const plugin = defineCalendarProvider({
    id: GOOGLE_SERVICE_ACCOUNT_ID,
    name: { en: "Google service account (legacy)", de: "Google-Dienstkonto (veraltet)" },
    description: {
      en: "Sync through the operator's shared service account into a calendar id you enter.",
      de: "Über das gemeinsame Dienstkonto des Betreibers in eine Kalender-ID synchronisieren, die Sie eingeben.",
    },
    icon: { type: "key", key: GOOGLE_SERVICE_ACCOUNT_ID },
    capabilities: { calendarPicker: false },
    connect: {
      kind: "form",
      fields: [
        {
          name: "calendarId",
          label: { en: "Calendar id", de: "Kalender-ID" },
          type: "email",
          placeholder: "team@example.com",
          maxLength: 1024,
          autoComplete: "off",
          help: {
            en: `Share the calendar with ${email} (make changes to events), then paste its id from the calendar's settings.`,
            de: `Geben Sie den Kalender für ${email} frei (Termine ändern) und fügen Sie dann seine ID aus den Kalendereinstellungen ein.`,
          },
        },
      ],
      schema: CalendarIdInput,
      submitLabel: { en: "Connect calendar", de: "Kalender verbinden" },
      async verify(input, context) {
        const calendar = await assignedCalendar(context.organizationId, input.calendarId);
        if (calendar === null) throw notAvailable();
        return { identity: { accountId: null, email }, calendar };
      },
    },
    calendar: {
      // The picker shows only the chosen calendar: the service account sees other tenants' calendars too.
      async listCalendars(access: ConnectionAccess) {
        if (access.calendarId === null) return [];
        const calendar = await assignedCalendar(access.organizationId, access.calendarId);
        return calendar === null ? [] : [calendar];
      },
      // PATCH answers exactly as POST does; the opt-in is checked here too, since PATCH has no other check.
      async findCalendar(access, calendarId) {
        if (!(await enabled(access.organizationId))) throw new ApiError("provider_not_enabled");
        const calendar = await assignedCalendar(access.organizationId, calendarId);
        if (calendar === null) throw notAvailable();
        return calendar;
      },
      async upsertEvent(access, input) {
        await requireAssigned(access, input.calendarId, "events.insert");
        return withToken((token) => account.upsertEvent(token, input));
      },
      async updateEvent(access, input) {
        await requireAssigned(access, input.calendarId, "events.update");
        return withToken((token) => account.updateEvent(token, input));
      },
      // Deletes may reach any calendar: they only touch events whose ids derive from this connection.
      deleteEvent: (_access, input) => withToken((token) => account.deleteEvent(token, input)),
    },
    sync: {
      concurrency: options.concurrency ?? 8,
      idempotency: { kind: "deterministic-id", externalId: deterministicEventId },
      role: "fallback",
    },
    enabledFor: enabled,
  });
  return { ...plugin, account, allowList };
}
