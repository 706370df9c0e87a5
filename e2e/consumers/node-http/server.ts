import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import {
  createCalendarConnections,
  createMemoryStorage,
  google,
  loadTokenKeyring,
  microsoft,
} from "@org/calendar-connections-server";
import { developmentFakes } from "@org/calendar-connections-server/development";

const port = Number(process.env.PORT ?? 3000);

const calendar = createCalendarConnections({
  storage: createMemoryStorage(), // createSqliteStorage or createPostgresStorage to keep connections
  keyring: await loadTokenKeyring(process.env), // CALENDAR_TOKEN_KEYS="k1:<32 bytes, base64>"
  publicBaseURL: process.env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
  providers: [
    google({
      clientId: process.env.GOOGLE_CLIENT_ID ?? "",
      clientSecret: process.env.GOOGLE_CLIENT_SECRET ?? "",
    }),
    microsoft({ clientId: process.env.MS_CLIENT_ID ?? "", clientSecret: process.env.MS_CLIENT_SECRET ?? "" }),
  ],
  // Your session goes here: who calls, in which organization, with which role.
  authorize: async () => ({ userId: "user_1", organizationId: "org_1", role: "admin" }),
  getEvent: async () => null, // your events: this app has none yet
  // The fake Google and Microsoft, offline (never in production).
  development: process.env.NODE_ENV === "production" ? undefined : { fakes: developmentFakes() },
});

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
