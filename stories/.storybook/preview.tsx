import "@org/calendar-connections-ui/styles.css";
import type { Decorator, Preview } from "@storybook/react-vite";

/** Renders each story inside the kit's root, in the theme picked in the toolbar. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === "dark" ? "dark" : "light";
  return (
    <div
      data-cc-root=""
      data-cc-theme={theme}
      style={{ background: "var(--cc-bg)", padding: 24, minHeight: "100%" }}
    >
      <Story />
    </div>
  );
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: "Color theme of the kit",
      toolbar: { icon: "mirror", items: ["light", "dark"], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: "light" },
  parameters: {
    a11y: { test: "error" },
    layout: "fullscreen",
  },
};

export default preview;
