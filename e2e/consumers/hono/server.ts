import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { calendar, port } from "../kit/calendar.js";

const app = new Hono();
app.all("/api/calendar-connections/*", (c) => calendar.handler(c.req.raw));
app.use("/*", serveStatic({ root: "./spa/dist" })); // the page: spa/main.tsx, built by esbuild

serve({ fetch: app.fetch, port, hostname: "127.0.0.1" }, () => console.log(`http://localhost:${port}`));
