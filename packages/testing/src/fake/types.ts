/** The options, routes, faults and results the fakes share (the state itself is in `model.ts`). */

import type {
  FakeAccountSeed,
  FakeAccountState,
  FakeClient,
  FakeGrantState,
  FakeRateLimit,
} from "./model.ts";

/** The URLs a provider configuration needs, for a fake (or real) provider. */
export interface FakeEndpoints {
  readonly authorization: string;
  readonly token: string;
  /** Null for Microsoft, which has no revocation endpoint for delegated tokens. */
  readonly revocation: string | null;
  readonly userinfo: string;
  /** Google: `…/calendar/v3`; Microsoft: `…/v1.0`. */
  readonly apiBase: string;
}

/** What both fakes are built from. */
export interface FakeProviderOptions {
  /** Where the fake is reachable, e.g. `http://127.0.0.1:4010` or `https://app.test/__fake/google`. */
  readonly baseURL?: string;
  readonly accounts?: readonly FakeAccountSeed[];
  readonly clients?: readonly FakeClient[];
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  readonly now?: () => number;
  /** A source of uniform numbers in [0, 1) for ids and tokens. Default: crypto. */
  readonly random?: () => number;
  /** Access token lifetime. Default 3600. */
  readonly accessTokenTtlSeconds?: number;
  /** Authorization code lifetime. Default 600. */
  readonly codeTtlSeconds?: number;
  /** The API budget of every account without its own. Default: unlimited. */
  readonly rateLimit?: FakeRateLimit | null;
  /** Latency added to every protocol response, in real milliseconds. Default 0. */
  readonly latencyMs?: number;
}

/** Where an injected fault applies. */
/**
 * What a fault hits: `api` every API call (alone or inside a batch, each call on its own), `batch`
 * a batch request as a whole (Google's batch endpoint, Graph's `$batch`).
 */
export type FakeFaultTarget = "token" | "revoke" | "api" | "batch" | "authorize" | "any";

/** What an injected fault does. */
export type FakeFault =
  | { readonly kind: "server_error"; readonly status?: number }
  | { readonly kind: "invalid_grant" }
  | { readonly kind: "timeout" }
  | { readonly kind: "truncated_json" }
  | { readonly kind: "rate_limited"; readonly retryAfterSeconds?: number }
  | { readonly kind: "unauthorized" }
  | { readonly kind: "insufficient_scope" }
  /** A refusal no retry fixes: the token endpoint's `invalid_client` (a mistyped client secret), an API 400. */
  | { readonly kind: "bad_request" };

/** What a route of a concrete fake resolves to. */
export interface FakeRoute {
  /** The name counted in `calls`, e.g. `token`, `events.insert`. */
  readonly name: string;
  readonly target: Exclude<FakeFaultTarget, "any">;
  /** Answers the request (unless a fault took its place). */
  readonly run: () => Promise<Response>;
}

/** Kinds of API error a concrete fake shapes into its provider's error body. */
export type FakeApiErrorKind =
  | "unauthorized"
  | "insufficient_scope"
  | "forbidden"
  | "rate_limited"
  | "not_found"
  | "gone"
  | "conflict"
  | "invalid"
  | "precondition_failed"
  | "server_error"
  /** 503: the provider is down for a while (an outage, not a bug). */
  | "unavailable";

/** The authenticated caller of an API route. */
export interface FakeCaller {
  readonly account: FakeAccountState;
  readonly grant: FakeGrantState;
  /** What the caller's access token may do: the scopes of the consent it came from, not the whole grant's. */
  readonly scopes: readonly string[];
}

/** The grant and account behind an access token, or the error response to send. */
export type FakeAuthResult =
  | { readonly ok: true; readonly caller: FakeCaller }
  | { readonly ok: false; readonly response: Response };
