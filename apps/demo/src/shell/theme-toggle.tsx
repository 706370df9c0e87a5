import type { ReactElement } from "react";
import type { Theme } from "../lib/theme.ts";
import { Icon } from "./icons.tsx";

export function ThemeToggle({
  theme,
  onChange,
}: {
  theme: Theme;
  onChange: (theme: Theme) => void;
}): ReactElement {
  const next = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      onClick={() => onChange(next)}
      className="focus-ring flex size-9 items-center justify-center rounded-md text-muted hover:bg-hover hover:text-fg"
    >
      <Icon name={theme === "dark" ? "sun" : "moon"} width={18} height={18} />
    </button>
  );
}
