"use client";

import { type ComponentProps, type ReactElement, useState } from "react";
import { PortalContainerContext } from "../components/portal.tsx";

/** The kit's color theme: fixed light or dark, or the OS's. */
export type CalendarConnectionsTheme = "light" | "dark" | "system";

/** Props of `CalendarConnectionsRoot`: a `<div>`'s, plus the theme. */
export interface CalendarConnectionsRootProps extends ComponentProps<"div"> {
  /** "system" follows prefers-color-scheme; by default the kit is light unless an ancestor has `.dark`. */
  theme?: CalendarConnectionsTheme | undefined;
}

/**
 * The kit's root: scopes its styles and theme variables, and hosts its dialogs and menus so they inherit them.
 * Use it around parts rendered on their own; the page renders one itself.
 */
export function CalendarConnectionsRoot({
  theme,
  className,
  children,
  ...props
}: CalendarConnectionsRootProps): ReactElement {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setElement} data-cc-root="" data-cc-theme={theme} className={className} {...props}>
      <PortalContainerContext.Provider value={element}>{children}</PortalContainerContext.Provider>
    </div>
  );
}
