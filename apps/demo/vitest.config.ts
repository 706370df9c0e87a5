import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript source (`source`), then Node's usual conditions (see
// packages/server/vitest.config.ts for why "import" is not listed). The dashboard's Vite plugins are
// left out: these tests are the server's.
const conditions = ["source", "node", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source", "node"] } },
  test: {
    name: "demo",
    environment: "node",
    include: ["server/**/*.test.ts"],
  },
});
