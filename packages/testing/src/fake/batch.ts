import { asRecord } from "../util.ts";

/** One call a batch request carried, as the fake runs it, and the id its answer goes back under. */
export interface FakeBatchCall {
  readonly id: string;
  readonly request: Request;
}

/** The answer to one call of a batch, under the id its call came with. */
export interface FakeBatchAnswer {
  readonly id: string;
  readonly response: Response;
}

/** A batch the fake could not read: answered as the provider's 400, nothing in it run. */
export class FakeBatchError extends Error {}

/** A provider's batch endpoint as the fake serves it: its wire format and its limit. */
export interface FakeBatchFormat {
  /** The most calls one batch may hold; more, and the batch is refused with nothing run. */
  readonly limit: number;
  /** What the provider calls a batch's parts in its refusal ("calls", "requests"). */
  readonly parts: string;
  /** Reads the batch's calls; throws `FakeBatchError` for a batch the provider could not read. */
  read(request: Request): Promise<FakeBatchCall[]>;
  /** The batch's answer, the calls' answers in order. */
  write(answers: readonly FakeBatchAnswer[]): Promise<Response>;
}

/** Headers of the outer request that do not apply to its calls (Google: the `Content-` ones). */
const isContentHeader = (name: string): boolean => name.toLowerCase().startsWith("content-");

/** Splits an HTTP message into start line, headers and body (CRLF or LF line ends). */
function parseMessage(text: string): { startLine: string; headers: [string, string][]; body: string } {
  const match = /\r?\n\r?\n/.exec(text);
  const head = match === null ? text : text.slice(0, match.index);
  const body = match === null ? "" : text.slice(match.index + match[0].length);
  const [startLine = "", ...lines] = head.split(/\r?\n/);
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return { startLine: startLine.trim(), headers, body };
}

/**
 * Reads Google's batch request (multipart/mixed of `application/http` parts): each part's request
 * line (path only), headers and body, with the outer request's non-`Content-` headers applied unless
 * the part sets its own. `Content-ID` names the call; a part without one gets its position.
 */
export async function readGoogleBatch(request: Request): Promise<FakeBatchCall[]> {
  const contentType = request.headers.get("content-type") ?? "";
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!/^multipart\/mixed/i.test(contentType) || boundary === null)
    throw new FakeBatchError("Batch requests must be multipart/mixed with a boundary.");
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const origin = new URL(request.url).origin;
  const chunks = (await request.text()).split(delimiter).slice(1);
  const calls: FakeBatchCall[] = [];
  for (const chunk of chunks) {
    if (chunk.startsWith("--")) break;
    const part = parseMessage(`part\r\n${chunk.replace(/^[ \t]*\r?\n/, "").replace(/\r?\n$/, "")}`);
    const partType = part.headers.find(([name]) => name.toLowerCase() === "content-type")?.[1] ?? "";
    if (!partType.toLowerCase().startsWith("application/http"))
      throw new FakeBatchError("Each part of a batch must be application/http.");
    const contentId = part.headers.find(([name]) => name.toLowerCase() === "content-id")?.[1];
    const inner = parseMessage(part.body);
    const [method, target] = inner.startLine.split(/\s+/);
    if (method === undefined || target === undefined || !target.startsWith("/"))
      throw new FakeBatchError("A batch part must hold a request line with a path (no full URL).");
    const headers = new Headers();
    for (const [name, value] of request.headers) if (!isContentHeader(name)) headers.set(name, value);
    for (const [name, value] of inner.headers)
      if (name.toLowerCase() !== "content-length") headers.set(name, value);
    const body = inner.body.replace(/\r?\n$/, "");
    calls.push({
      id: contentId?.replace(/^<|>$/g, "") ?? String(calls.length + 1),
      request: new Request(`${origin}${target}`, {
        method,
        headers,
        ...(body === "" || method === "GET" || method === "HEAD" ? {} : { body }),
      }),
    });
  }
  return calls;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  201: "Created",
  204: "No Content",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Google's batch answer: multipart/mixed, one `application/http` part per call, `Content-ID: <response-…>`. */
export async function writeGoogleBatch(
  answers: readonly FakeBatchAnswer[],
  boundary: string,
): Promise<Response> {
  let body = "";
  for (const { id, response } of answers) {
    const text = await response.text();
    const lines = [`HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? "Status"}`];
    for (const [name, value] of response.headers) lines.push(`${name}: ${value}`);
    if (text !== "") lines.push(`content-length: ${new TextEncoder().encode(text).length}`);
    body += `--${boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-${id}>\r\n\r\n`;
    body += `${lines.join("\r\n")}\r\n\r\n${text}\r\n`;
  }
  body += `--${boundary}--\r\n`;
  return new Response(body, {
    status: 200,
    headers: { "content-type": `multipart/mixed; boundary=${boundary}` },
  });
}

/**
 * Reads Graph's JSON batch: `{ requests: [{ id, method, url, headers?, body? }] }`, url relative to the
 * version root. The outer Authorization is every call's; ids must be unique (else 400, as Graph does).
 */
export async function readGraphBatch(request: Request, versionRoot: string): Promise<FakeBatchCall[]> {
  let parsed: unknown;
  try {
    parsed = await request.json();
  } catch {
    throw new FakeBatchError("Invalid batch payload.");
  }
  const items = asRecord(parsed)?.requests;
  if (!Array.isArray(items)) throw new FakeBatchError("Invalid batch payload: requests is required.");
  const seen = new Set<string>();
  const authorization = request.headers.get("authorization");
  return items.map((entry) => {
    const item = asRecord(entry);
    const id = item?.id;
    const method = item?.method;
    const url = item?.url;
    if (typeof id !== "string" || typeof method !== "string" || typeof url !== "string")
      throw new FakeBatchError("Each request needs id, method and url.");
    const key = id.toLowerCase();
    if (seen.has(key)) throw new FakeBatchError(`Duplicate request id "${id}".`);
    seen.add(key);
    const headers = new Headers();
    for (const [name, value] of Object.entries(asRecord(item?.headers) ?? {}))
      if (typeof value === "string") headers.set(name, value);
    if (authorization !== null) headers.set("authorization", authorization);
    const body = item?.body;
    if (body !== undefined && !headers.has("content-type"))
      throw new FakeBatchError("A request with a body needs a Content-Type header.");
    return {
      id,
      request: new Request(`${versionRoot}${url.startsWith("/") ? url : `/${url}`}`, {
        method: method.toUpperCase(),
        headers,
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    };
  });
}

/** Graph's batch answer: `{ responses: [{ id, status, headers, body }] }`, bodies as JSON. */
export async function writeGraphBatch(answers: readonly FakeBatchAnswer[]): Promise<Response> {
  const responses = [];
  for (const { id, response } of answers) {
    const text = await response.text();
    const headers: Record<string, string> = {};
    // Graph names item headers as HTTP spells them ("Content-Type", "Retry-After"); its SDK relies on it.
    for (const [name, value] of response.headers) headers[canonicalHeader(name)] = value;
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    responses.push({ id, status: response.status, headers, ...(body === undefined ? {} : { body }) });
  }
  return new Response(JSON.stringify({ responses }), {
    status: 200,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** `content-type` → `Content-Type`. */
function canonicalHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`);
}
