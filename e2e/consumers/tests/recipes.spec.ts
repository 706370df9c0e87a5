// The host recipes (apps/docs/guides/recipes) show the consumer apps' own files: every fenced block with a
// title="<path>" must equal that file under e2e/consumers, so a recipe cannot drift from the code that runs.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { expect, test } from "@playwright/test";

const consumers = resolve(import.meta.dirname, "..");
const root = resolve(consumers, "../..");
const recipes = join(root, "apps/docs/guides/recipes");
const FENCE = /^```\w+ title="([^"]+)"\n([\s\S]*?)\n```$/gm;
const LINK = /\]\(([^)\s]+)\)/g;

for (const file of readdirSync(recipes).filter((name) => name.endsWith(".md"))) {
  test(`recipe ${file} shows the consumer app's files as they are`, () => {
    const text = readFileSync(join(recipes, file), "utf8");
    expect(text.split("\n")[0]).toMatch(/^# \S/);
    const blocks = [...text.matchAll(FENCE)];
    expect(blocks.length).toBeGreaterThan(0);
    for (const [, path = "", code = ""] of blocks) {
      expect(code, `${file}: ${path}`).toBe(readFileSync(join(consumers, path), "utf8").trimEnd());
    }
    for (const [, target = ""] of text.matchAll(LINK)) {
      expect(target, `${file}: links stay relative`).not.toMatch(/^[a-z]+:/i);
      const path = resolve(recipes, target.split("#")[0] ?? "");
      expect(path.startsWith(`${root}/`) && existsSync(path), `${file}: ${target} is in the repository`).toBe(
        true,
      );
    }
  });
}

test("each consumer app's host files appear in a recipe", () => {
  const shown = readdirSync(recipes)
    .filter((name) => name.endsWith(".md"))
    .flatMap((name) =>
      [...readFileSync(join(recipes, name), "utf8").matchAll(FENCE)].map((match) => match[1]),
    );
  for (const path of [
    "nextjs/server/calendar.ts",
    "nextjs/app/api/calendar-connections/[...path]/route.ts",
    "nextjs/app/admin/calendars/page.tsx",
    "nextjs/app/layout.tsx",
    "kit/calendar.ts",
    "hono/server.ts",
    "node-http/server.ts",
    "worker/worker.ts",
    "worker/build.mjs",
    "spa/main.tsx",
  ]) {
    expect(shown, dirname(path)).toContain(path);
  }
});
