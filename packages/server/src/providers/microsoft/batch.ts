import type { BatchCodec, BatchedCall } from "../batch-transport.ts";
import { responseOf } from "../batch-transport.ts";
import { asRecord } from "../http.ts";

/** Graph's limit: at most 20 requests in one `$batch`. */
export const GRAPH_BATCH_MAX_CALLS = 20;

/** Headers of a call that go into its item (Authorization is the outer request's, for every item). */
const ITEM_HEADERS = ["content-type", "prefer", "if-match"];

/**
 * Graph's JSON batching: `POST {apiBase}/$batch` with `{ requests: [{ id, method, url, headers, body }] }`
 * (url relative to the version root, body as JSON), answered by `{ responses: [{ id, status, headers,
 * body }] }` in any order. The outer request's Authorization applies to every item, so calls with
 * different tokens go into different batches.
 */
export function graphBatchCodec(apiBase: string): BatchCodec {
  const base = apiBase.replace(/\/+$/, "");
  return {
    maxCalls: GRAPH_BATCH_MAX_CALLS,
    accepts: (request) => request.url.startsWith(`${base}/`) && !request.url.startsWith(`${base}/$batch`),
    groupKey: (request) => request.headers.get("authorization") ?? "",
    async encode(calls: readonly BatchedCall[]): Promise<Request> {
      const requests = calls.map((call) => {
        const headers: Record<string, string> = {};
        for (const name of ITEM_HEADERS) {
          const value = call.request.headers.get(name);
          if (value !== null) headers[name] = value;
        }
        return {
          id: call.id,
          method: call.request.method,
          url: call.request.url.slice(base.length),
          ...(Object.keys(headers).length === 0 ? {} : { headers }),
          ...(call.body === "" ? {} : { body: JSON.parse(call.body) as unknown }),
        };
      });
      const first = calls[0]?.request.headers;
      return new Request(`${base}/$batch`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(first?.get("authorization") == null ? {} : { authorization: first.get("authorization") ?? "" }),
        },
        body: JSON.stringify({ requests }),
      });
    },
    async decode(response: Response): Promise<Map<string, Response>> {
      const answers = new Map<string, Response>();
      let parsed: unknown;
      try {
        parsed = await response.json();
      } catch {
        return answers;
      }
      const items = asRecord(parsed)?.responses;
      for (const entry of Array.isArray(items) ? items : []) {
        const item = asRecord(entry);
        const id = item?.id;
        const status = item?.status;
        if (typeof id !== "string" || typeof status !== "number") continue;
        const headers = new Headers();
        for (const [name, value] of Object.entries(asRecord(item?.headers) ?? {}))
          if (typeof value === "string") headers.set(name, value);
        const body = item?.body;
        const text =
          body === undefined || body === null ? null : typeof body === "string" ? body : JSON.stringify(body);
        if (text !== null && !headers.has("content-type")) headers.set("content-type", "application/json");
        answers.set(id, responseOf(status, headers, text));
      }
      return answers;
    },
  };
}
