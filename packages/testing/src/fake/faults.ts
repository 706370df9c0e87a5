import type { FakeDialect } from "./dialect.ts";
import type { FakeFault, FakeFaultTarget, FakeRoute } from "./types.ts";

/** A queued fault, as `inspect().faults` lists it. */
export interface PendingFault {
  readonly target: FakeFaultTarget;
  readonly fault: FakeFault;
  remaining: number;
}

/** The faults queued for upcoming calls, oldest first. */
export class FaultQueue {
  private pending: PendingFault[] = [];

  /** Queues a fault for the next `times` calls to `target`. */
  inject(target: FakeFaultTarget, fault: FakeFault, times: number): void {
    this.pending.push({ target, fault, remaining: times });
  }

  /** Takes one use of the oldest fault that applies to `target`, or null when none does. */
  take(target: FakeRoute["target"]): FakeFault | null {
    const index = this.pending.findIndex((fault) => fault.target === target || fault.target === "any");
    const pending = this.pending[index];
    if (pending === undefined) return null;
    pending.remaining--;
    if (pending.remaining <= 0) this.pending.splice(index, 1);
    return pending.fault;
  }

  /** Drops every queued fault. */
  clear(): void {
    this.pending = [];
  }

  /** Copies of the queued faults, so inspecting never changes them. */
  snapshot(): PendingFault[] {
    return this.pending.map((fault) => ({ ...fault }));
  }
}

/** Requests held open by timeout faults, so `close()` can let them go. */
export class HeldRequests {
  private readonly releases = new Set<(reason: unknown) => void>();

  /** Never answers; rejects like `fetch` when the caller aborts, or when released. */
  hold(signal: AbortSignal): Promise<Response> {
    return new Promise<Response>((_resolve, reject) => {
      const release = (reason: unknown): void => {
        this.releases.delete(release);
        reject(reason);
      };
      this.releases.add(release);
      if (signal.aborted) release(signal.reason);
      signal.addEventListener("abort", () => release(signal.reason), { once: true });
    });
  }

  /** Rejects every held request. */
  releaseAll(): void {
    for (const release of this.releases) release(new Error("The fake provider was closed."));
    this.releases.clear();
  }
}

/** The response a fault gives in place of the route's own, shaped like the provider's errors. */
export function faultResponse(
  fault: FakeFault,
  target: FakeRoute["target"],
  signal: AbortSignal,
  errors: Pick<FakeDialect, "apiError" | "oauthError">,
  held: HeldRequests,
): Promise<Response> {
  // The token and revoke endpoints answer OAuth errors; everything else answers API errors.
  const oauth = target === "token" || target === "revoke";
  switch (fault.kind) {
    case "timeout":
      return held.hold(signal);
    case "truncated_json":
      return Promise.resolve(
        new Response('{"access_token":"ya29.trunc', {
          status: 200,
          headers: { "content-type": "application/json" },
        }),
      );
    case "server_error":
      return Promise.resolve(
        oauth
          ? errors.oauthError(fault.status ?? 500, "server_error", "The fake failed on purpose.")
          : fault.status === 503
            ? errors.apiError("unavailable", "The service is currently unavailable.")
            : errors.apiError("server_error", "Backend Error"),
      );
    case "rate_limited":
      return Promise.resolve(
        errors.apiError("rate_limited", "Rate Limit Exceeded", fault.retryAfterSeconds ?? 1),
      );
    case "invalid_grant":
      return Promise.resolve(
        oauth
          ? errors.oauthError(400, "invalid_grant", "Token has been expired or revoked.")
          : errors.apiError("unauthorized", "Invalid Credentials"),
      );
    case "unauthorized":
      return Promise.resolve(errors.apiError("unauthorized", "Invalid Credentials"));
    case "insufficient_scope":
      return Promise.resolve(
        errors.apiError("insufficient_scope", "Request had insufficient authentication scopes."),
      );
    case "bad_request":
      return Promise.resolve(
        oauth
          ? errors.oauthError(401, "invalid_client", "The OAuth client was not found.")
          : errors.apiError("invalid", "Bad Request"),
      );
  }
}
