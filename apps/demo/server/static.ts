import { existsSync } from "node:fs";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";

/** Serves the built dashboard, and its index.html for every other GET (client-side routes). */
export function serveDashboard(app: Hono, distDir: string): void {
  if (!existsSync(distDir)) throw new Error(`No built dashboard in ${distDir}: run \`vite build\` first.`);
  app.use("/assets/*", serveStatic({ root: distDir }));
  app.get("/favicon.svg", serveStatic({ root: distDir }));
  app.get("*", serveStatic({ root: distDir, path: "index.html" }));
}
