import type { CalendarBatching, CalendarBatchSession, CalendarOperations } from "./define.ts";

/**
 * How one provider packs HTTP calls into one batch request and unpacks the answer (Google's
 * multipart/mixed, Graph's JSON `$batch`). Calls keep their own requests: the same URL, method,
 * headers and body they would have sent alone, so each call's answer reads exactly as before.
 */
export interface BatchCodec {
  /** The most calls one batch request carries. */
  readonly maxCalls: number;
  /** Whether this call may go into a batch (a call to another host or API is sent alone). */
  accepts(request: Request): boolean;
  /** Calls with different keys never share a batch (Graph: the outer request's token is every item's). */
  groupKey(request: Request): string;
  /** The batch request carrying `calls`, each under its id. */
  encode(calls: readonly BatchedCall[]): Promise<Request>;
  /**
   * Each call's answer by id, from a batch answer the service accepted (2xx). A call missing from
   * the answer is failed by the transport.
   */
  decode(response: Response): Promise<Map<string, Response>>;
}

/** One call inside a batch request. */
export interface BatchedCall {
  /** Unique in its batch. */
  readonly id: string;
  readonly request: Request;
  /** The request's body as text (read once: the Request is not read again). */
  readonly body: string;
}

interface QueuedCall extends BatchedCall {
  readonly resolve: (response: Response) => void;
  readonly reject: (error: unknown) => void;
}

/** What a batch session is told of its calls. */
export interface BatchingFetchOptions {
  /** Called each time a call joins the queue (the sync decides when to flush). */
  readonly onQueued?: () => void;
  /** A queued call is sent at the latest after this long. Default 25 ms. */
  readonly maxWaitMs?: number;
  /** Timeout of one batch request. Default 30 000 ms. */
  readonly timeoutMs?: number;
}

/** Statuses whose responses carry no body (a Response with one cannot be built). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** A Response from raw parts; a null-body status drops the body. */
export function responseOf(status: number, headers: Headers, body: string | null): Response {
  return new Response(NULL_BODY.has(status) || body === "" ? null : body, { status, headers });
}

/**
 * A `fetch` that queues the calls `codec` accepts and sends them as batch requests through `send`
 * (when `flush` is called, when a group reaches `codec.maxCalls`, or after `maxWaitMs`). Each call's
 * promise settles with its own answer; a batch request that fails as a whole (a network error, a 5xx,
 * a 401 or 429 for the whole batch) gives every call in it that same answer, as if each had got it alone.
 */
export function createBatchingFetch(
  codec: BatchCodec,
  send: typeof fetch,
  options: BatchingFetchOptions = {},
): {
  readonly fetch: typeof fetch;
  flush(): void;
  readonly queued: () => number;
  readonly inFlight: () => number;
} {
  const groups = new Map<string, QueuedCall[]>();
  let nextId = 1;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const maxWaitMs = options.maxWaitMs ?? 25;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let queued = 0;
  let inFlight = 0;

  const dispatch = async (calls: readonly QueuedCall[]): Promise<void> => {
    inFlight += calls.length;
    try {
      const batch = await codec.encode(calls);
      const response = await send(batch, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) {
        // The batch as a whole was refused: each call gets that answer.
        const text = await response.text();
        for (const call of calls) call.resolve(responseOf(response.status, response.headers, text));
        return;
      }
      const answers = await codec.decode(response);
      for (const call of calls) {
        const answer = answers.get(call.id);
        if (answer === undefined) call.reject(new Error("The batch answer has no response for this call."));
        else call.resolve(answer);
      }
    } catch (error) {
      for (const call of calls) call.reject(error);
    } finally {
      inFlight -= calls.length;
    }
  };

  const flushGroup = (key: string): void => {
    const calls = groups.get(key);
    if (calls === undefined) return;
    groups.delete(key);
    queued -= calls.length;
    for (let at = 0; at < calls.length; at += codec.maxCalls)
      void dispatch(calls.slice(at, at + codec.maxCalls));
  };

  const flush = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    for (const key of [...groups.keys()]) flushGroup(key);
  };

  const batchingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!codec.accepts(request)) return send(request);
    const body = request.body === null ? "" : await request.text();
    return new Promise<Response>((resolve, reject) => {
      const key = codec.groupKey(request);
      const calls = groups.get(key) ?? [];
      groups.set(key, calls);
      calls.push({ id: String(nextId++), request, body, resolve, reject });
      queued += 1;
      if (calls.length >= codec.maxCalls) flushGroup(key);
      else timer ??= setTimeout(flush, maxWaitMs);
      options.onQueued?.();
    });
  };

  return { fetch: batchingFetch, flush, queued: () => queued, inFlight: () => inFlight };
}

/**
 * The batch capability of an HTTP provider: each session builds the provider's own calendar
 * operations over a batching fetch, so every call sends the request it sends alone and reads its
 * answer the same way (errors, Retry-After, conflicts), only inside a batch request.
 */
export function httpBatching(
  codec: BatchCodec,
  send: typeof fetch,
  build: (fetch: typeof globalThis.fetch) => CalendarOperations,
): CalendarBatching {
  return {
    maxCalls: codec.maxCalls,
    open(hooks = {}): CalendarBatchSession {
      const transport = createBatchingFetch(codec, send, {
        ...(hooks.onQueued === undefined ? {} : { onQueued: hooks.onQueued }),
      });
      return {
        calendar: build(transport.fetch),
        flush: transport.flush,
        queued: transport.queued,
        inFlight: transport.inFlight,
      };
    },
  };
}
