import type { FailingEvent, RetryEventResponse, SyncActivity } from "@org/calendar-connections-core";
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";
import { ApiError } from "../http/api-error.ts";
import type { JobPosition, SyncJob } from "../storage/types.ts";
import { load, requireLive } from "./connections-op.ts";
import type { Kit } from "./kit.ts";
import { describeError } from "./logger.ts";
import type { Actor } from "./options.ts";

const DEFAULT_PAGE = 20;
const MAX_PAGE = 50;

/** Which page of failing events to show: at most `limit` (1–50, default 20) after `cursor`. */
export interface ActivityPage {
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string;
}

/** The page that `?limit=` and `?cursor=` ask for. */
export function activityPageOf(query: URLSearchParams): ActivityPage {
  const limit = query.get("limit");
  const cursor = query.get("cursor");
  return {
    ...(limit === null ? {} : { limit: limit.trim() === "" ? Number.NaN : Number(limit) }),
    ...(cursor === null || cursor === "" ? {} : { cursor }),
  };
}

/** The page size, or a 400 naming the parameter. */
function pageSize(page: ActivityPage): number {
  const limit = page.limit ?? DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new ApiError("validation_failed", {
      errors: [{ path: "limit", message: `Expected a whole number from 1 to ${MAX_PAGE}.` }],
    });
  }
  return limit;
}

/** A page's end as an opaque cursor: the last job's time and id, base64url. */
function encodeCursor(job: SyncJob): string {
  return encodeBase64urlNoPadding(new TextEncoder().encode(`${job.updatedAt.toISOString()}|${job.id}`));
}

/** The position a cursor names, or a 400 (a cursor is only ever one the kit handed out). */
function decodeCursor(raw: string | undefined): JobPosition | undefined {
  if (raw === undefined) return undefined;
  const invalid = (): ApiError =>
    new ApiError("validation_failed", {
      errors: [{ path: "cursor", message: "Not a cursor this API handed out." }],
    });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64urlIgnorePadding(raw));
  } catch {
    throw invalid();
  }
  const bar = text.indexOf("|");
  const updatedAt = new Date(text.slice(0, bar));
  const id = text.slice(bar + 1);
  if (bar < 0 || Number.isNaN(updatedAt.getTime()) || id === "") throw invalid();
  return { updatedAt, id };
}

/** The host's title of an event, or null when it no longer has it or cannot answer now. */
async function titleOf(kit: Kit, organizationId: string, eventId: string): Promise<string | null> {
  try {
    return (await kit.options.getEvent(organizationId, eventId))?.title ?? null;
  } catch (error) {
    kit.logger.warn("getEvent failed while listing failing events", { reason: describeError(error) });
    return null;
  }
}

/**
 * `GET /connections/:id/activity`: the connection's sync counts, its latest error and a page of its
 * failing events with the host's titles. Disconnected connections answer too (their history stays).
 */
export async function getActivity(
  kit: Kit,
  actor: Actor,
  id: string,
  page: ActivityPage = {},
): Promise<SyncActivity> {
  const limit = pageSize(page);
  const after = decodeCursor(page.cursor);
  const record = await load(kit, actor, id);
  const { organizationId } = actor;
  const [counts, rows] = await Promise.all([
    kit.storage.syncActivity(organizationId, id),
    // One more than the page, to know whether another page follows.
    kit.storage.listFailingJobs(organizationId, id, { limit: limit + 1, ...(after ? { after } : {}) }),
  ]);
  const shown = rows.slice(0, limit);
  const failing = await Promise.all(
    shown.map(
      async (job): Promise<FailingEvent> => ({
        eventId: job.eventId,
        title: await titleOf(kit, organizationId, job.eventId),
        status: job.status === "dead" ? "failed" : "retrying",
        attempts: job.attempts,
        lastError: job.lastError,
        lastFailedAt: job.updatedAt.toISOString(),
        nextAttemptAt: job.status === "pending" ? job.runAfter.toISOString() : null,
      }),
    ),
  );
  const last = shown.at(-1);
  return {
    counts: {
      synced: counts.synced,
      waiting: counts.waiting,
      failing: counts.failing,
      moving: counts.moving,
    },
    lastError:
      counts.lastError === null
        ? null
        : {
            message: counts.lastError.message,
            reason: record.health?.reason ?? null,
            at: counts.lastError.at.toISOString(),
          },
    failing,
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
  };
}

/**
 * `POST /connections/:id/events/:eventId/retry`: the event's failed job is queued again, or its
 * job waiting out a backoff becomes due now; audited when something changed. A paused connection
 * (rate limit, outage) keeps its pause: the job runs when it ends, and the answer says when.
 */
export async function retryEvent(
  kit: Kit,
  actor: Actor,
  id: string,
  eventId: string,
): Promise<RetryEventResponse> {
  const record = await load(kit, actor, id);
  requireLive(record);
  const retried = await kit.storage.retryEventNow(actor.organizationId, id, eventId);
  if (retried) {
    await kit.storage.appendAudit({
      organizationId: actor.organizationId,
      connectionId: id,
      actorId: actor.userId,
      action: "connection.event_retried",
      details: { eventId },
    });
  }
  if (!retried) return { retried, nextAttemptAt: null };
  const now = kit.now();
  const pausedUntil = record.health?.retryAt;
  const runsAt = pausedUntil !== null && pausedUntil !== undefined && pausedUntil > now ? pausedUntil : now;
  return { retried, nextAttemptAt: runsAt.toISOString() };
}
