import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["source"] },
  test: {
    name: "stories",
    environment: "jsdom",
    include: ["**/*.test.tsx"],
    exclude: ["node_modules/**", "storybook-static/**"],
    testTimeout: 15_000,
  },
});
