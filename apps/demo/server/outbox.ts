import type { ConnectionEvent } from "@org/calendar-connections-server";
import { USERS } from "./directory.ts";

/** An email the demo would send an organization's admins about one of its connections. */
export interface DemoEmail {
  readonly id: string;
  readonly kind: ConnectionEvent["kind"];
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly sentAt: string;
}

/** How many emails the outbox keeps per organization (newest first). */
const KEPT = 50;

const SUBJECTS: Record<ConnectionEvent["kind"], string> = {
  connected: "A calendar was connected",
  calendar_changed: "The synced calendar changed",
  needs_reconnect: "Action needed: reconnect your calendar",
  sync_failing: "Calendar sync is failing",
  recovered: "Calendar sync is working again",
  disconnected: "A calendar was disconnected",
};

/** The demo's stand-in for a mailer: the kit's connection events become emails kept in memory. */
export interface DemoOutbox {
  /** The host's `notifications.onConnectionEvent`. */
  readonly deliver: (event: ConnectionEvent) => Promise<void>;
  /** The organization's emails, newest first. */
  list(organizationId: string): readonly DemoEmail[];
}

export function createDemoOutbox(): DemoOutbox {
  const byOrganization = new Map<string, DemoEmail[]>();
  return {
    async deliver(event) {
      const emails = byOrganization.get(event.organizationId) ?? [];
      // At least once: the same event id may come again after a crash; one email per event.
      if (emails.some((email) => email.id === event.id)) return;
      const account = event.accountEmail ?? event.provider;
      const lines = [
        `${SUBJECTS[event.kind]}: ${account}${event.calendarName === null ? "" : ` → ${event.calendarName}`}.`,
        ...(event.message === null ? [] : [event.message]),
        `Open ${event.pageURL} to see it.`,
      ];
      const email: DemoEmail = {
        id: event.id,
        kind: event.kind,
        to: USERS.filter((user) => user.organizationId === event.organizationId && user.role === "admin").map(
          (user) => user.email,
        ),
        subject: SUBJECTS[event.kind],
        body: lines.join("\n"),
        sentAt: event.occurredAt.toISOString(),
      };
      byOrganization.set(event.organizationId, [email, ...emails].slice(0, KEPT));
    },
    list: (organizationId) => byOrganization.get(organizationId) ?? [],
  };
}

/** The host's `resolveUserNames`: the demo directory's names. */
export async function demoUserNames(
  organizationId: string,
  userIds: readonly string[],
): Promise<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const user of USERS) {
    if (user.organizationId === organizationId && userIds.includes(user.id)) names[user.id] = user.name;
  }
  return names;
}
