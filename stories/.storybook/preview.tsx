import "@org/calendar-connections-ui/styles.css";
import { CalendarConnectionsRoot, MessagesProvider } from "@org/calendar-connections-ui";
import { FIXED_NOW } from "@org/calendar-connections-ui/testing";
import type { Decorator, Preview } from "@storybook/react-vite";

const fixedNow = (): Date => FIXED_NOW;

/** Renders each story inside the kit's root, in the theme picked in the toolbar, against a fixed clock. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === "dark" ? "dark" : "light";
  return (
    <CalendarConnectionsRoot theme={theme} style={{ minHeight: "100vh" }}>
      <MessagesProvider now={fixedNow}>
        <div className="bg-page" style={{ padding: 24, minHeight: "100vh" }}>
          <Story />
        </div>
      </MessagesProvider>
    </CalendarConnectionsRoot>
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
