import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript source (`source`), then Node's usual conditions (see
// packages/server/vitest.config.ts for why "import" is not listed).
const conditions = ["source", "node", "module", "default"];

export default defineConfig({
  plugins: [react()],
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source", "node"] } },
  test: {
    name: "provider-fixture",
    // Node by default; page.test.tsx asks for jsdom in its first line.
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
    // Each test talks to two loopback servers; none should take long.
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
