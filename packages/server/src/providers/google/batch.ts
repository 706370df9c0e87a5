import type { BatchCodec, BatchedCall } from "../batch-transport.ts";
import { responseOf } from "../batch-transport.ts";
import { boundaryOf, parseHttpMessage, splitMultipart } from "../http-message.ts";

/** Calls per batch request: Google allows 1,000 but recommends at most 50. */
export const GOOGLE_BATCH_MAX_CALLS = 50;

/** Headers of a call that travel inside its part (the rest describe the transport, not the call). */
const CALL_HEADERS = ["authorization", "accept", "content-type", "if-match"];

/** `https://www.googleapis.com/calendar/v3` → `https://www.googleapis.com/batch/calendar/v3`. */
export function googleBatchURL(apiBase: string): string {
  const trimmed = apiBase.replace(/\/+$/, "");
  if (/\/calendar\/v3$/.test(trimmed)) return trimmed.replace(/\/calendar\/v3$/, "/batch/calendar/v3");
  const url = new URL(trimmed);
  return `${url.origin}/batch${url.pathname}`;
}

/**
 * Google's batch format (multipart/mixed, "Sending Batch Requests"): one `application/http` part per
 * call with a `Content-ID`, its body the call's request line (path only), headers and body; the
 * answer is multipart/mixed with parts `Content-ID: response-<id>` holding each call's HTTP response.
 * Each part carries its own Authorization, so calls of different tokens may share a batch.
 */
export function googleBatchCodec(apiBase: string, random: () => number = Math.random): BatchCodec {
  const base = apiBase.replace(/\/+$/, "");
  const endpoint = googleBatchURL(base);
  return {
    maxCalls: GOOGLE_BATCH_MAX_CALLS,
    accepts: (request) => request.url.startsWith(`${base}/`),
    groupKey: () => "",
    async encode(calls: readonly BatchedCall[]): Promise<Request> {
      const boundary = `batch_${Math.floor(random() * 2 ** 48).toString(36)}`;
      const parts = calls.map((call) => encodePart(call));
      const body = `${parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("")}--${boundary}--\r\n`;
      return new Request(endpoint, {
        method: "POST",
        headers: { "content-type": `multipart/mixed; boundary=${boundary}` },
        body,
      });
    },
    async decode(response: Response): Promise<Map<string, Response>> {
      const boundary = boundaryOf(response.headers.get("content-type"));
      const answers = new Map<string, Response>();
      if (boundary === null) return answers;
      for (const part of splitMultipart(await response.text(), boundary)) {
        const outer = parseHttpMessage(`mime\r\n${part}`);
        const id = contentId(outer.headers.get("content-id"));
        const inner = parseHttpMessage(outer.body);
        const status = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(inner.startLine)?.[1] ?? "0");
        if (id === null || status === 0) continue;
        answers.set(id, responseOf(status, inner.headers, inner.body));
      }
      return answers;
    },
  };
}

function encodePart(call: BatchedCall): string {
  const url = new URL(call.request.url);
  const lines = [`${call.request.method} ${url.pathname}${url.search} HTTP/1.1`];
  for (const name of CALL_HEADERS) {
    const value = call.request.headers.get(name);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  if (call.body !== "") lines.push(`content-length: ${new TextEncoder().encode(call.body).length}`);
  return `Content-Type: application/http\r\nContent-ID: <${call.id}>\r\n\r\n${lines.join("\r\n")}\r\n\r\n${call.body}`;
}

/** `<response-7>` or `response-7` → `7` (the id the request part gave). */
function contentId(header: string | null): string | null {
  if (header === null) return null;
  const bare = header.trim().replace(/^<|>$/g, "");
  return bare.startsWith("response-") ? bare.slice("response-".length) : bare;
}
