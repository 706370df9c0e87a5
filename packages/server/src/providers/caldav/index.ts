import * as z from "zod/mini";
import { ApiError } from "../../http/api-error.ts";
import type { CalendarOperations, CalendarProvider, ConnectionAccess, FormVerifyContext } from "../define.ts";
import { defineCalendarProvider } from "../define-provider.ts";
import { isProviderError, ProviderError } from "../errors.ts";
import { deterministicEventId } from "../event-id.ts";
import { createHttpContext } from "../http.ts";
import { localize } from "../localize.ts";
import type { ProviderRuntime } from "../types.ts";
import { discoverAccount, listEventCalendars } from "./discovery.ts";
import type { DavCredentials } from "./http.ts";
import { createEvent, type ObjectContext, removeEvent, replaceEvent } from "./objects.ts";
import { type CalDavPreset, FASTMAIL, ICLOUD, NEXTCLOUD, OTHER_CALDAV } from "./presets.ts";

export { MANAGED_PROPERTY } from "./objects.ts";
export { type CalDavPreset, FASTMAIL, ICLOUD, NEXTCLOUD, OTHER_CALDAV } from "./presets.ts";

/** Options of the CalDAV providers (`caldav()`, `icloud()`, `fastmail()`, `nextcloud()`). */
export interface CalDavOptions extends ProviderRuntime {
  /**
   * Which servers the kit may send an admin's credentials to: the typed URL and every redirect target.
   * The server calls the URL typed into the form, so an open list would let any admin probe the host's
   * network. Default: the preset's own hosts (iCloud, Fastmail), else any `https:` URL.
   */
  readonly allowServer?: (url: URL) => boolean;
  /** A fixed server in place of the preset's (a proxy, or a test server). */
  readonly serverUrl?: string;
  /** PRODID of the events the kit writes. Default `-//calendar-connections//CalDAV//EN`. */
  readonly productId?: string;
}

/** What the connect form asks for. */
interface CalDavInput {
  readonly serverUrl?: string;
  readonly username: string;
  readonly appPassword: string;
}

const DEFAULT_PRODUCT_ID = "-//calendar-connections//CalDAV//EN";

/**
 * One CalDAV provider for a preset: a `form` connect that discovers the account (RFC 6764, RFC 4791)
 * before anything is stored, calendar operations that write `<collection>/<deterministic id>.ics`
 * with preconditions, and deterministic ids for idempotency. The server URL, username, password,
 * principal and calendar home are kept in the connection's encrypted credentials envelope.
 */
export function calDavProvider<const Id extends string>(
  preset: CalDavPreset<Id>,
  options: CalDavOptions = {},
): CalendarProvider<Id> {
  const fixedServer = options.serverUrl ?? preset.server;
  const allowServer = options.allowServer ?? preset.allowServer ?? ((url: URL) => url.protocol === "https:");
  const ctx: ObjectContext = {
    http: createHttpContext(preset.id, options),
    allowServer,
    unauthorizedMessage: localize(preset.unauthorized, "en"),
    productId: options.productId ?? DEFAULT_PRODUCT_ID,
  };
  const serverUrl = z.string().check(
    z.trim(),
    z.refine(
      (value) => URL.canParse(value) && allowServer(new URL(value)),
      "Enter the https:// address of your server.",
    ),
  );
  const base = {
    username: z.string().check(z.trim(), z.minLength(1, "Enter your username."), z.maxLength(256)),
    appPassword: z.string().check(z.minLength(1, "Enter the app password."), z.maxLength(256)),
  };
  const schema: z.ZodMiniType<CalDavInput, Record<string, string>> = fixedServer === null
    ? z.object({ serverUrl, ...base })
    : z.object(base);

  const credentialsOf = (secrets: Readonly<Record<string, string>>): DavCredentials & { home: URL } => {
    const { username, password, homeUrl } = secrets;
    if (username === undefined || password === undefined || homeUrl === undefined || !URL.canParse(homeUrl)) {
      // Credentials that cannot be read: only connecting again helps.
      throw new ProviderError("unauthorized", {
        provider: preset.id,
        operation: "credentials",
        status: null,
      });
    }
    return { username, password, home: new URL(homeUrl) };
  };

  async function verify(input: CalDavInput, context: FormVerifyContext) {
    const server = fixedServer ?? input.serverUrl ?? "";
    const credentials = { username: input.username, password: input.appPassword };
    const fieldError = (path: string, message: string): ApiError =>
      new ApiError("validation_failed", { detail: message, errors: [{ path, message }] });
    try {
      const account = await discoverAccount(ctx, credentials, new URL(server));
      return {
        // The principal URL is the account's identity; the email is what the admin typed.
        identity: { accountId: account.principal.href, email: input.username },
        secrets: {
          serverUrl: server,
          username: input.username,
          password: input.appPassword,
          principalUrl: account.principal.href,
          homeUrl: account.home.href,
        },
      };
    } catch (error) {
      // The kit would answer credentials_rejected for the whole form; the preset's words go under the field.
      if (isProviderError(error, "unauthorized", "forbidden")) {
        throw fieldError("input.appPassword", localize(preset.unauthorized, context.locale ?? null));
      }
      if (isProviderError(error, "invalid_request") && fixedServer === null) {
        throw fieldError(
          "input.serverUrl",
          localize(
            {
              en: "No CalDAV server answered at this address.",
              de: "Unter dieser Adresse hat kein CalDAV-Server geantwortet.",
            },
            context.locale ?? null,
          ),
        );
      }
      throw error;
    }
  }

  const calendar: CalendarOperations = {
    listCalendars: (access: ConnectionAccess) => {
      const { home, ...credentials } = credentialsOf(access.secrets);
      return listEventCalendars(ctx, credentials, home);
    },
    upsertEvent: (access, input) =>
      createEvent(ctx, credentialsOf(access.secrets), {
        calendarId: input.calendarId,
        externalId: deterministicEventId(input.connectionId, input.eventId),
        event: input.event,
      }),
    updateEvent: (access, input) =>
      replaceEvent(ctx, credentialsOf(access.secrets), { ...input, etag: input.etag ?? null }, false),
    deleteEvent: (access, input) =>
      removeEvent(ctx, credentialsOf(access.secrets), { ...input, etag: input.etag ?? null }),
  };

  return defineCalendarProvider({
    id: preset.id,
    name: preset.name,
    description: preset.description,
    icon: preset.icon,
    connect: {
      kind: "form",
      fields:
        fixedServer === null ? preset.fields : preset.fields.filter((field) => field.name !== "serverUrl"),
      schema,
      submitLabel: { en: "Verify and connect", de: "Prüfen und verbinden" },
      verify,
    },
    calendar,
    sync: { concurrency: 2, idempotency: { kind: "deterministic-id", externalId: deterministicEventId } },
  });
}

/** Any CalDAV server: server URL, username and (app) password. */
export function caldav(options: CalDavOptions = {}): CalendarProvider<"caldav"> {
  return calDavProvider(OTHER_CALDAV, options);
}

/** iCloud Calendar: Apple ID email and an app-specific password (a normal Apple ID password is refused). */
export function icloud(options: CalDavOptions = {}): CalendarProvider<"icloud"> {
  return calDavProvider(ICLOUD, options);
}

/** Fastmail: the account's email and an app password with CalDAV access. */
export function fastmail(options: CalDavOptions = {}): CalendarProvider<"fastmail"> {
  return calDavProvider(FASTMAIL, options);
}

/** Nextcloud: the instance's address, the username and an app password. */
export function nextcloud(options: CalDavOptions = {}): CalendarProvider<"nextcloud"> {
  return calDavProvider(NEXTCLOUD, options);
}
