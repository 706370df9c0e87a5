// Runs every story (and its play function) in jsdom through Storybook's portable stories, in the light and
// the dark theme, and checks the rendered DOM with axe-core: no story may have an accessibility violation.
import { installJsdomShims } from "@org/calendar-connections-ui/testing";
import { composeStories } from "@storybook/react-vite";
import { cleanup } from "@testing-library/react";
import axe from "axe-core";
import { afterEach, describe, expect, it } from "vitest";
import preview from "./.storybook/preview.tsx";

installJsdomShims();

type StoriesModule = Parameters<typeof composeStories>[0];

const modules = import.meta.glob<StoriesModule>(["./**/*.stories.tsx", "!./node_modules/**"], {
  eager: true,
});

afterEach(() => {
  cleanup();
  document.body.innerHTML = "";
});

// Contrast needs layout and real colors, which jsdom has not: it is checked in the browser (Storybook's a11y
// panel and the screenshot review). "region" is a page-level rule; a story is a fragment of a page.
const AXE_OPTIONS: axe.RunOptions = {
  rules: { "color-contrast": { enabled: false }, region: { enabled: false } },
};

for (const [path, module] of Object.entries(modules)) {
  for (const theme of ["light", "dark"] as const) {
    const stories: Record<string, { run: () => Promise<void> }> = composeStories(module, {
      ...preview,
      initialGlobals: { theme },
    });
    describe(`${path} (${theme})`, () => {
      for (const [name, Story] of Object.entries(stories)) {
        it(`${name} renders, plays and has no axe violation`, async () => {
          await Story.run();
          await new Promise((resolve) => setTimeout(resolve, 50));
          const results = await axe.run(document.body, AXE_OPTIONS);
          const violations = results.violations.map(
            (violation) =>
              `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
          );
          expect(violations).toEqual([]);
        });
      }
    });
  }
}
