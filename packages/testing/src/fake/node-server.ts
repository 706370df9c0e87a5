// Type-only import: node:http is loaded on listen(), so the package still loads outside Node.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Where to listen. */
export interface ListenOptions {
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
}

/** A listening server: its URL and how to stop it. */
export interface NodeServerHandle {
  readonly url: string;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Serves a Web-standard handler over node:http; resolves once it listens. */
export async function listenNode(
  handler: (request: Request) => Promise<Response>,
  options: ListenOptions,
): Promise<NodeServerHandle> {
  const { createServer } = await import("node:http");
  const host = options.host ?? "127.0.0.1";
  const server = createServer((incoming, outgoing) => {
    void serveNode(handler, incoming, outgoing, host);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers one node:http request with the handler; the request's signal aborts when the client leaves. */
async function serveNode(
  handler: (request: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  host: string,
): Promise<void> {
  const controller = new AbortController();
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) controller.abort(new DOMException("The client went away.", "AbortError"));
  });
  try {
    const chunks: Uint8Array[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Uint8Array);
    const headers = new Headers();
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (typeof value === "string") headers.set(name, value);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    }
    const method = incoming.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD" && chunks.length > 0;
    const request = new Request(new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? host}`), {
      method,
      headers,
      body: hasBody ? Buffer.concat(chunks) : null,
      signal: controller.signal,
    });
    const response = await handler(request);
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    outgoing.writeHead(response.status, responseHeaders);
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  } catch {
    // Aborted by the client, or released by close(): drop the connection, as a hung server would.
    outgoing.destroy();
  }
}
