/**
 * A series' changed instances at Google: each is found by its original start (`events.instances` with
 * `originalStart`), then patched (moved, retitled) or deleted (cancelled, which Google keeps as a
 * cancelled exception of the series).
 */
import type { HostEvent } from "../../events/types.ts";
import { UnrepresentableEventError } from "../../events/unrepresentable.ts";
import { ProviderError } from "../errors.ts";
import { type ApiCall, asRecord, type HttpContext, readJson, stringField } from "../http.ts";
import { googleOverrideBody, originalStartParam } from "./event-body.ts";

/** Where the series lives and how to call Google. */
export interface OverrideContext {
  readonly call: ApiCall;
  readonly ctx: HttpContext;
  /** `…/calendars/{calendarId}/events/{masterId}`. */
  readonly seriesUrl: string;
  /** `sendUpdates=…`. */
  readonly notify: string;
}

/** The instance of the series that originally started at `originalStart`, or null. */
async function findInstance(
  context: OverrideContext,
  accessToken: string,
  event: HostEvent,
  originalStart: Date,
): Promise<{ readonly id: string; readonly cancelled: boolean } | null> {
  const url = new URL(`${context.seriesUrl}/instances`);
  url.searchParams.set("originalStart", originalStartParam(event, originalStart));
  url.searchParams.set("showDeleted", "true");
  url.searchParams.set("maxResults", "1");
  const body = await readJson(
    context.ctx,
    "events.instances",
    await context.call("events.instances", url.toString(), accessToken),
  );
  const item = Array.isArray(body.items) ? asRecord(body.items[0]) : null;
  const id = stringField(item, "id");
  return id === null ? null : { id, cancelled: stringField(item, "status") === "cancelled" };
}

/** Applies every override of a series whose master was just written. */
export async function applyGoogleOverrides(
  context: OverrideContext,
  accessToken: string,
  event: HostEvent,
): Promise<void> {
  for (const override of event.overrides ?? []) {
    const instance = await findInstance(context, accessToken, event, override.originalStart);
    if (instance === null) {
      throw new UnrepresentableEventError(
        `No instance of the series starts at ${override.originalStart.toISOString()}: its override cannot be written.`,
      );
    }
    const url = `${context.seriesUrl.replace(/\/[^/]+$/, "")}/${encodeURIComponent(instance.id)}?${context.notify}`;
    if (override.cancelled === true) {
      if (instance.cancelled) continue;
      try {
        const response = await context.call("events.delete", url, accessToken, { method: "DELETE" });
        await response.body?.cancel();
      } catch (error) {
        if (!(error instanceof ProviderError && (error.kind === "gone" || error.kind === "not_found")))
          throw error;
      }
      continue;
    }
    const response = await context.call("events.patch", url, accessToken, {
      method: "PATCH",
      body: JSON.stringify(googleOverrideBody(event, override)),
    });
    await response.body?.cancel();
  }
}
