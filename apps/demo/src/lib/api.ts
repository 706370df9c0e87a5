/** The demo server's own JSON API (sign-in, events, fakes), typed for the dashboard. */
import type { AttentionInput } from "@org/calendar-connections-ui/nav";

export type DemoRole = "admin" | "member";

export interface SessionInfo {
  user: { id: string; email: string; name: string; role: DemoRole };
  organization: { id: string; name: string };
}

export interface DemoUserSummary {
  email: string;
  name: string;
  role: DemoRole;
  organization: string;
}

export interface DemoEvent {
  id: string;
  title: string;
  description: string | null;
  location: string | null;
  start: string;
  end: string;
  timeZone: string | null;
  /** `["RRULE:FREQ=WEEKLY;COUNT=6"]` for a series. */
  recurrence?: string[] | null;
  overrides?: DemoOverride[] | null;
  updatedAt: string;
}

/** One changed instance of a series, by its original start. */
export interface DemoOverride {
  originalStart: string;
  start?: string;
  end?: string;
  cancelled?: boolean;
}

export interface EventInput {
  title: string;
  start: string;
  end: string;
  location: string | null;
  timeZone?: string | null;
  recurrence?: string[] | null;
  overrides?: DemoOverride[] | null;
}

export interface DemoConfig {
  fakes: { google: string | null; microsoft: string | null };
}

export class DemoApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: init.body === undefined ? init.headers : { "content-type": "application/json", ...init.headers },
  });
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
    const errors = Array.isArray(record.errors) ? (record.errors as { path: string; message: string }[]) : [];
    throw new DemoApiError(
      response.status,
      typeof record.title === "string" ? record.title : response.statusText,
      errors,
    );
  }
  return body as T;
}

export const api = {
  session: (): Promise<SessionInfo | null> =>
    call<SessionInfo>("/demo/session").catch((error: unknown) => {
      if (error instanceof DemoApiError && error.status === 401) return null;
      throw error;
    }),
  users: (): Promise<{ users: DemoUserSummary[] }> => call("/demo/users"),
  signIn: (email: string): Promise<SessionInfo> =>
    call("/demo/session", { method: "POST", body: JSON.stringify({ email }) }),
  signOut: (): Promise<void> => call("/demo/session", { method: "DELETE" }),
  events: (): Promise<{ events: DemoEvent[] }> => call("/demo/events"),
  createEvent: (input: EventInput): Promise<{ id: string }> =>
    call("/demo/events", { method: "POST", body: JSON.stringify(input) }),
  updateEvent: (id: string, input: Partial<EventInput>): Promise<{ event: DemoEvent }> =>
    call(`/demo/events/${encodeURIComponent(id)}`, { method: "PATCH", body: JSON.stringify(input) }),
  deleteEvent: (id: string): Promise<void> =>
    call(`/demo/events/${encodeURIComponent(id)}`, { method: "DELETE" }),
  config: (): Promise<DemoConfig> => call("/demo/config"),
  outbox: (): Promise<{ emails: DemoEmail[] }> => call("/demo/outbox"),
  /** The kit's own API, for the nav badge: live connections and which providers have a calendar to pick. */
  connections: (): Promise<{ connections: AttentionInput[] }> =>
    call("/api/calendar-connections/connections"),
  providers: (): Promise<{ providers: { id: string; capabilities: { calendarPicker: boolean } }[] }> =>
    call("/api/calendar-connections/providers"),
};

/** An email the demo's mailer would have sent about a connection event. */
export interface DemoEmail {
  id: string;
  kind: string;
  to: string[];
  subject: string;
  body: string;
  sentAt: string;
}
