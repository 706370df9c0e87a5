import { defineConfig } from "vitest/config";

// Node-side tests run in Vite's SSR environment, which has its own resolve conditions; `source` makes
// workspace packages resolve to their TypeScript source, then Node's usual conditions apply.
const conditions = ["source", "node", "import", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: "server",
    include: ["src/**/*.test.ts"],
  },
});
