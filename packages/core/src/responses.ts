import * as z from "zod/mini";
import { Connection } from "./connection.ts";
import { CallbackErrorCode } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import { count, httpUrl, text } from "./primitives.ts";
import { RETURN_PARAMS } from "./vocabulary.ts";

// The response bodies and the OAuth return, apart from the request bodies (requests.ts). Bundlers drop an unused
// module, but esbuild keeps the unused schemas of a used one (it cannot prove a call into zod pure), so this split
// keeps the request schemas out of a client that only reads responses.

/** `POST /oauth/:provider/start` response: where to send the browser. */
export const StartOAuthResponse = z.object({
  authorizationURL: httpUrl(LIMITS.url),
});
export type StartOAuthResponse = z.infer<typeof StartOAuthResponse>;

/**
 * `POST /connections` response. `feedUrl` comes only when an ICS feed is created or rotated: the server
 * keeps a hash of its secret, so this is the one time the URL can be shown.
 */
export const CreateConnectionResponse = z.object({
  connection: Connection,
  feedUrl: z.optional(httpUrl(LIMITS.url)),
});
export type CreateConnectionResponse = z.infer<typeof CreateConnectionResponse>;

/**
 * `POST /connections/:id/dead-letters/requeue` response: how many of the connection's failed events were put
 * back in the sync queue (0 when there were none).
 */
export const RequeueDeadLettersResponse = z.object({
  requeued: count(),
});
export type RequeueDeadLettersResponse = z.infer<typeof RequeueDeadLettersResponse>;

/** What the OAuth callback adds to `returnTo`: the connected connection's id, or an error code. */
export const OAuthReturn = z.discriminatedUnion("calendarConnection", [
  z.object({ calendarConnection: z.literal("connected"), connectionId: text(LIMITS.id) }),
  z.object({ calendarConnection: z.literal("error"), code: CallbackErrorCode }),
]);
/** The parsed {@link RETURN_PARAMS} of a page reached from the OAuth callback. */
export type OAuthReturn = z.infer<typeof OAuthReturn>;
