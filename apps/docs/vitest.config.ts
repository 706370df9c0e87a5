import { defineConfig } from "vitest/config";

// The checks read the packages' TypeScript source (`source`), as the other workspace tests do; see
// packages/server/vitest.config.ts for why "import" is not listed.
const conditions = ["source", "node", "module", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source", "node"] } },
  test: {
    name: "docs",
    include: ["checks/**/*.test.ts"],
    // A loaded CI machine: migrating an in-memory SQLite database is quick, but never under 5 s guaranteed.
    testTimeout: 30_000,
  },
});
