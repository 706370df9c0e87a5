import type { StorybookConfig } from "@storybook/react-vite";
import tailwindcss from "@tailwindcss/vite";

const config: StorybookConfig = {
  stories: ["../**/*.stories.@(ts|tsx)"],
  addons: ["@storybook/addon-a11y", "@storybook/addon-docs"],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true },
  async viteFinal(viteConfig) {
    const { mergeConfig } = await import("vite");
    // Read the workspace packages' TypeScript source, as the tests and the demo do.
    return mergeConfig(viteConfig, {
      plugins: [tailwindcss()],
      resolve: { conditions: ["source"] },
    });
  },
};

export default config;
