import type { AuditEntry, Connection } from "@org/calendar-connections-core";
import { toConnection } from "../storage/mapper.ts";
import type { ConnectionRecord } from "../storage/types.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";

/**
 * The host's names for these user ids (one call for a whole answer), or none: without
 * `resolveUserNames`, or when it fails (logged; the page then shows no names, never an error).
 */
async function namesOf(
  kit: Kit,
  organizationId: string,
  ids: readonly (string | null)[],
): Promise<Readonly<Record<string, string>>> {
  const resolve = kit.options.resolveUserNames;
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (resolve === undefined || wanted.length === 0) return {};
  try {
    return await resolve(organizationId, wanted);
  } catch (error) {
    kit.logger.warn("resolveUserNames failed", { reason: describeError(error) });
    return {};
  }
}

/** A name of the directory, if it has a usable one. */
const nameIn = (names: Readonly<Record<string, string>>, id: string | null): string | null => {
  if (id === null || !Object.hasOwn(names, id)) return null;
  const name = names[id];
  return typeof name === "string" && name.trim() !== "" ? name.trim().slice(0, 256) : null;
};

/** Stored connections as the API shows them, with the names of the users who connected them. */
export async function presentConnections(
  kit: Kit,
  organizationId: string,
  records: readonly ConnectionRecord[],
): Promise<Connection[]> {
  const names = await namesOf(
    kit,
    organizationId,
    records.map((record) => record.createdBy),
  );
  return records.map((record) => ({
    ...toConnection(record),
    createdByName: nameIn(names, record.createdBy),
  }));
}

/** One stored connection as the API shows it (see `presentConnections`). */
export async function presentConnection(kit: Kit, record: ConnectionRecord): Promise<Connection> {
  const [connection] = await presentConnections(kit, record.organizationId, [record]);
  if (connection === undefined) throw new Error("presentConnections dropped a record");
  return connection;
}

/** Audit entries with the names of the users who acted. */
export async function presentAudit(
  kit: Kit,
  organizationId: string,
  entries: readonly AuditEntry[],
): Promise<AuditEntry[]> {
  const names = await namesOf(
    kit,
    organizationId,
    entries.map((entry) => entry.actorId),
  );
  return entries.map((entry) => ({ ...entry, actorName: nameIn(names, entry.actorId) }));
}
