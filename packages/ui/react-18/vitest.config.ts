// The UI package's tests once more, with React 18.3 instead of 19. Vite resolves React, Radix, TanStack
// Query and Testing Library from this folder (`dedupe`), where pnpm installed them against react@18, so a
// test file under ../src and every library it renders get the same, older React.
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

const ui = fileURLToPath(new URL("..", import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ["source"],
    dedupe: [
      "react",
      "react-dom",
      "@radix-ui/react-dialog",
      "@radix-ui/react-dropdown-menu",
      "@tanstack/react-query",
      "@testing-library/react",
      "@testing-library/dom",
      "@testing-library/user-event",
    ],
  },
  test: {
    name: "ui on react 18",
    dir: ui,
    environment: "jsdom",
    globals: true,
    // The built-package test is React-independent and compiles the package; it runs once, in the UI's own suite.
    include: ["src/**/*.test.{ts,tsx}"],
    exclude: ["src/package/**"],
    setupFiles: [`${ui}src/test/setup.ts`, "./react-version.ts"],
  },
});
