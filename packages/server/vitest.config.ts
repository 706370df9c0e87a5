import { defineConfig } from "vitest/config";

// Node-side tests run in Vite's SSR environment, which has its own resolve conditions; `source` makes
// workspace packages resolve to their TypeScript source, then Node's usual conditions apply (Vite adds
// `import`/`require` by itself). Listing "import" here breaks CommonJS dependencies: `require` inside
// them (pg requiring pg-pool) would get the ESM build.
const conditions = ["source", "node", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source", "node"] } },
  test: {
    name: "server",
    include: ["src/**/*.test.ts"],
    // The PostgreSQL and SQLite conformance runs open real concurrent connections and threads.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
