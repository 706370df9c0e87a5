// The client of the Acme calendar API that both Acme providers share: the OAuth one authenticates with a
// bearer token, the form one with an app password. Every failure is a classified `ProviderError`, so the
// kit maps it to connection health in its one place; no message carries a credential.

import type { Calendar } from "@org/calendar-connections-core";
import {
  type AccountIdentity,
  apiErrorKind,
  type CalendarOperations,
  type ConnectionAccess,
  createHttpContext,
  deterministicEventId,
  type EventWriteResult,
  type HostEvent,
  ProviderError,
  type ProviderRuntime,
  retryAfterMs,
  send,
} from "@org/calendar-connections-server";
import * as z from "zod/mini";

/** Where one call goes and how it authenticates: `Bearer …` or `Basic …`. */
export interface AcmeTarget {
  /** The API's base URL, without a trailing slash. */
  readonly baseURL: string;
  readonly authorization: string;
}

/** The Acme API, for one provider id (named in errors) and runtime (fetch, timeout). */
export interface AcmeApi {
  /** The account the credentials act as (`GET /me`). */
  me(target: AcmeTarget): Promise<AccountIdentity>;
  /** The calendar operations, with the target of each connection. */
  operations(targetOf: (access: ConnectionAccess) => AcmeTarget): CalendarOperations;
}

const Me = z.object({ id: z.string(), email: z.string() });
const Calendars = z.object({
  calendars: z.array(
    z.object({ id: z.string(), name: z.string(), primary: z.boolean(), canWrite: z.boolean() }),
  ),
});
const Written = z.object({ id: z.string(), etag: z.nullable(z.string()) });

/** The HTTP Basic credentials of a username and password (UTF-8, as RFC 7617 allows). */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function eventBody(event: HostEvent): string {
  return JSON.stringify({
    title: event.title,
    description: event.description ?? null,
    location: event.location ?? null,
    start: event.start.toISOString(),
    end: event.end.toISOString(),
    timeZone: event.timeZone ?? null,
    allDay: event.allDay ?? false,
  });
}

/** Builds the client. */
export function acmeApi(provider: string, runtime: ProviderRuntime = {}): AcmeApi {
  // The kit's HTTP helpers: its fetch, clock and timeout, network failures and timeouts as `unavailable`.
  const ctx = createHttpContext(provider, runtime);

  /** One call; any non-2xx answer (but those `accept`ed), a network failure or a timeout throws. */
  async function call(
    operation: string,
    target: AcmeTarget,
    path: string,
    init: RequestInit = {},
    accept: readonly number[] = [],
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", target.authorization);
    headers.set("accept", "application/json");
    if (init.body !== undefined) headers.set("content-type", "application/json");
    const response = await send(ctx, operation, `${target.baseURL}${path}`, { ...init, headers });
    if (response.ok || accept.includes(response.status)) return response;
    await response.body?.cancel();
    const insufficientScope = (response.headers.get("www-authenticate") ?? "").includes("insufficient_scope");
    throw new ProviderError(apiErrorKind(response.status, { rateLimited: false, insufficientScope }), {
      provider,
      operation,
      status: response.status,
      retryAfterMs: retryAfterMs(response, ctx.now()),
    });
  }

  /** The body, checked against its schema; anything else is a malformed answer. */
  async function read<T>(operation: string, response: Response, schema: z.ZodMiniType<T>): Promise<T> {
    const parsed = schema.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new ProviderError("unavailable", {
        provider,
        operation,
        status: response.status,
        providerCode: "malformed_response",
      });
    }
    return parsed.data;
  }

  const eventPath = (calendarId: string, eventId: string): string =>
    `/calendars/${encodeURIComponent(calendarId)}/events/${encodeURIComponent(eventId)}`;

  // Create-or-replace: the same (connection, event) always lands on the same id, so a retry never doubles it.
  async function put(
    target: AcmeTarget,
    calendarId: string,
    externalId: string,
    event: HostEvent,
  ): Promise<EventWriteResult> {
    const operation = "events.put";
    try {
      const response = await call(operation, target, eventPath(calendarId, externalId), {
        method: "PUT",
        body: eventBody(event),
      });
      const written = await read(operation, response, Written);
      return { externalId: written.id, etag: written.etag, created: response.status === 201 };
    } catch (error) {
      // Only the calendar is looked up on a PUT: a 404 means it is gone.
      if (error instanceof ProviderError && error.kind === "not_found") {
        throw new ProviderError("calendar_not_found", { provider, operation, status: 404, cause: error });
      }
      throw error;
    }
  }

  return {
    async me(target) {
      const me = await read("me", await call("me", target, "/me"), Me);
      return { accountId: me.id, email: me.email };
    },
    operations(targetOf) {
      return {
        async listCalendars(access): Promise<Calendar[]> {
          const { calendars } = await read(
            "calendars.list",
            await call("calendars.list", targetOf(access), "/calendars"),
            Calendars,
          );
          return calendars.map((calendar) => ({ ...calendar, timeZone: null, color: null }));
        },
        upsertEvent: (access, input) =>
          put(
            targetOf(access),
            input.calendarId,
            deterministicEventId(input.connectionId, input.eventId),
            input.event,
          ),
        updateEvent: (access, input) =>
          put(targetOf(access), input.calendarId, input.externalId, input.event),
        async deleteEvent(access, input) {
          const response = await call(
            "events.delete",
            targetOf(access),
            eventPath(input.calendarId, input.externalId),
            { method: "DELETE" },
            [404],
          );
          await response.body?.cancel();
          return { alreadyGone: response.status === 404 };
        },
      };
    },
  };
}
