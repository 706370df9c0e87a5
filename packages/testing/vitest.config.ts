import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { conditions: ["source"] },
  test: {
    name: "testing",
    include: ["src/**/*.test.ts"],
  },
});
