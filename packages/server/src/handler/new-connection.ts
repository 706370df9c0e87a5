import type { Calendar } from "@org/calendar-connections-core";
import type { CalendarProvider, ConnectionAccess } from "../providers/define.ts";
import type { ConnectionRecord, NewConnection, TokenWrite } from "../storage/types.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";
import type { Actor } from "./options.ts";

/**
 * The calendar a new connection syncs into without asking: the only writable one of the account, when
 * there is exactly one. With several, the page asks the admin to pick.
 */
export async function soleWritableCalendar(
  provider: CalendarProvider,
  access: ConnectionAccess,
): Promise<Calendar | undefined> {
  if (provider.calendar === undefined || !provider.capabilities.calendarPicker) return undefined;
  const writable = (await provider.calendar.listCalendars(access)).filter((calendar) => calendar.canWrite);
  return writable.length === 1 ? writable[0] : undefined;
}

/**
 * Fills a new connection's calendar with the events that exist. Never throws: the connection has
 * committed, so the request answers success whatever happens here (see `afterCommit`).
 */
export async function backfillNewConnection(kit: Kit, connection: ConnectionRecord): Promise<void> {
  if (connection.calendarId === null) return;
  await afterCommit(kit, connection, () =>
    kit.sync.backfillConnection(connection.organizationId, connection.id),
  );
}

/**
 * Runs the follow-up of a connection change that has committed (resuming its jobs, a backfill). It
 * never throws: answering an error would tell the admin the change failed when it did not. A failure
 * is logged (its reason only) and the backfill is left to the worker (`scheduleBackfill`), which
 * resumes parked jobs and enqueues every event, retried until it succeeds.
 */
export async function afterCommit(
  kit: Kit,
  connection: Pick<ConnectionRecord, "id" | "organizationId">,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
    return;
  } catch (error) {
    kit.logger.warn("backfill after a connection change failed; the worker retries it", {
      connectionId: connection.id,
      reason: describeError(error),
    });
  }
  try {
    await kit.sync.scheduleBackfill(connection.organizationId, connection.id);
  } catch (error) {
    // The storage is down: nothing durable can be written now. The admin can choose the calendar again.
    kit.logger.error("scheduling a backfill failed", {
      connectionId: connection.id,
      reason: describeError(error),
    });
  }
}

/** The account a new connection acts as. */
export interface NewAccount {
  readonly accountId: string | null;
  readonly email: string | null;
}

/** What a provider's calendar operations get for an account that has no connection row yet. */
export function accessForNewAccount(
  connectionId: string,
  organizationId: string,
  account: NewAccount,
  credentials: Pick<ConnectionAccess, "accessToken" | "secrets">,
): ConnectionAccess {
  return {
    connectionId,
    organizationId,
    accountId: account.accountId,
    accountEmail: account.email,
    calendarId: null,
    ...credentials,
  };
}

/** The row of a new connection of an account: who connected it, the calendar it syncs into, audited. */
export function newAccountConnection(input: {
  readonly id: string;
  readonly organizationId: string;
  readonly actor: Actor;
  readonly provider: CalendarProvider;
  readonly account: NewAccount;
  readonly target: Calendar | undefined;
  readonly tokens: TokenWrite | null;
  readonly scopes?: readonly string[];
}): NewConnection {
  const { actor, provider, target } = input;
  return {
    id: input.id,
    organizationId: input.organizationId,
    userId: actor.userId,
    provider: provider.id,
    exclusive: !provider.capabilities.multiplePerOrganization,
    externalAccountId: input.account.accountId,
    accountEmail: input.account.email,
    calendarId: target?.id ?? null,
    calendarName: target?.name ?? null,
    tokens: input.tokens,
    ...(input.scopes === undefined ? {} : { scopes: input.scopes }),
    createdBy: actor.userId,
    audit: {
      actorId: actor.userId,
      action: "connection.connected",
      details: { provider: provider.id, calendarId: target?.id ?? null },
      notify: { kind: "connected" },
    },
  };
}
