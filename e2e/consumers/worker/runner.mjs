// A loopback stand-in for a Workers-style runtime: it serves spa/dist as static assets first (as a
// Workers runtime serves a worker's static assets) and hands every other request to the bundle's
// `export default { fetch(request, env) }`, with the bindings taken from this process's environment.
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { serve } from "@hono/node-server";
import worker from "./dist/worker.js";

const port = Number(process.env.PORT ?? 8787);
const env = {
  CALENDAR_TOKEN_KEYS: process.env.CALENDAR_TOKEN_KEYS ?? "",
  PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  CALENDAR_FAKES: process.env.CALENDAR_FAKES,
};
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".html": "text/html" };

async function asset(request) {
  const { pathname } = new URL(request.url);
  if (request.method !== "GET" || pathname.startsWith("/api/")) return null;
  const file = normalize(pathname.startsWith("/assets/") ? pathname : "/index.html");
  try {
    const body = await readFile(join("spa/dist", file));
    return new Response(body, { headers: { "content-type": `${TYPES[extname(file)]}; charset=utf-8` } });
  } catch {
    return null;
  }
}

serve({
  fetch: async (request) => (await asset(request)) ?? worker.fetch(request, env),
  port,
  hostname: "127.0.0.1",
});
console.log(`worker on http://localhost:${port}`);
