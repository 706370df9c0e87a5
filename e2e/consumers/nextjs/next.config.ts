import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The apps in e2e/consumers share one install one folder up; tell Next.js where its root is.
const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config: NextConfig = { turbopack: { root }, outputFileTracingRoot: root };

export default config;
