import type { Calendar } from "@org/calendar-connections-core";
import * as z from "zod/mini";
import { ApiError } from "../../http/api-error.ts";
import type { CalendarProvider, ConnectionAccess } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import { isProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import {
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccountProvider,
} from "./client.ts";

export {
  type GoogleServiceAccountKey,
  type GoogleServiceAccountOptions,
  type GoogleServiceAccountProvider,
  googleServiceAccountProvider,
  parseServiceAccountKey,
} from "./client.ts";

/** The id connections of the legacy service account are stored under. */
export const GOOGLE_SERVICE_ACCOUNT_ID = "google-service-account";

/** Options of the `googleServiceAccount()` provider: the account, and which organizations may use it. */
export interface GoogleServiceAccountPluginOptions extends GoogleServiceAccountOptions {
  /** Whether an organization opted into the shared service account. Default: none did. */
  readonly enabledFor?: (organizationId: string) => boolean | Promise<boolean>;
  /** Jobs of one connection in flight at once per worker. Default 8. */
  readonly concurrency?: number;
}

/** The legacy provider, with the service account it acts as (for the CLI's import). */
export type GoogleServiceAccountPlugin = CalendarProvider<typeof GOOGLE_SERVICE_ACCOUNT_ID> & {
  readonly account: GoogleServiceAccountProvider;
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
 * The legacy setup: one operator-configured Google service account writing into a calendar id an admin
 * enters. Offered only to organizations `enabledFor` opts in, and used for their events only while
 * they have no connection of their own (`role: "fallback"`).
 */
export function googleServiceAccount(options: GoogleServiceAccountPluginOptions): GoogleServiceAccountPlugin {
  const account = googleServiceAccountProvider(options);
  const email = account.subject ?? account.clientEmail;

  /** Calls Google with the service account's own token; a 401 mints a new one and tries once more. */
  async function withToken<T>(call: (token: string) => Promise<T>): Promise<T> {
    try {
      return await call((await account.getAccessToken()).accessToken);
    } catch (error) {
      if (!isProviderError(error, "unauthorized")) throw error;
      return call((await account.getAccessToken({ forceRefresh: true })).accessToken);
    }
  }
  const visibleCalendar = async (calendarId: string): Promise<Calendar | null> =>
    (await withToken((token) => account.listCalendars(token))).find(
      (calendar) => calendar.id === calendarId,
    ) ?? null;

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
      async verify(input) {
        const calendar = await visibleCalendar(input.calendarId);
        if (calendar === null) {
          throw new ApiError("calendar_not_found", {
            detail: `Share the calendar with ${email} (make changes to events), then try again.`,
          });
        }
        if (!calendar.canWrite) throw new ApiError("calendar_not_writable");
        return { identity: { accountId: null, email }, calendar };
      },
    },
    calendar: {
      // The picker shows only the chosen calendar: the service account sees other tenants' calendars too.
      async listCalendars(access: ConnectionAccess) {
        if (access.calendarId === null) return [];
        const calendar = await visibleCalendar(access.calendarId);
        return calendar === null ? [] : [calendar];
      },
      findCalendar: (_access, calendarId) => visibleCalendar(calendarId),
      upsertEvent: (_access, input) => withToken((token) => account.upsertEvent(token, input)),
      updateEvent: (_access, input) => withToken((token) => account.updateEvent(token, input)),
      deleteEvent: (_access, input) => withToken((token) => account.deleteEvent(token, input)),
    },
    sync: {
      concurrency: options.concurrency ?? 8,
      idempotency: { kind: "deterministic-id", externalId: deterministicEventId },
      role: "fallback",
    },
    enabledFor: options.enabledFor ?? (() => false),
  });
  return { ...plugin, account };
}
