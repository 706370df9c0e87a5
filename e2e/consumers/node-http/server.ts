import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { calendar, port } from "../kit/calendar.js";

// The kit's handler as a Node listener; mount it before any body parser.
const kit = getRequestListener(calendar.handler);

// The host's own routes: here only the page (spa/main.tsx, built by esbuild) and its assets.
const TYPES: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".html": "text/html" };
async function host(path: string): Promise<{ type: string; body: Buffer }> {
  const file = path.startsWith("/assets/") ? path : "/index.html";
  const body = await readFile(join("spa/dist", file.replaceAll("..", "")));
  return { type: `${TYPES[extname(file)] ?? "application/octet-stream"}; charset=utf-8`, body };
}

createServer((req, res) => {
  if (req.url?.startsWith("/api/calendar-connections/")) return kit(req, res);
  host(new URL(req.url ?? "/", "http://host").pathname).then(
    ({ type, body }) => res.writeHead(200, { "content-type": type }).end(body),
    () => res.writeHead(404).end("Not found"),
  );
}).listen(port, "127.0.0.1", () => console.log(`http://localhost:${port}`));
