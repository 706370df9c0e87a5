import { createContext, type ReactNode, useContext } from "react";

/**
 * Where dialogs and menus portal to: the kit's root element, so they inherit its theme variables.
 * Null outside a root; portaled content then wraps itself in a root of its own.
 */
export const PortalContainerContext = createContext<HTMLElement | null>(null);

/** The element dialogs and menus portal into, or undefined for document.body. */
export function usePortalContainer(): HTMLElement | undefined {
  return useContext(PortalContainerContext) ?? undefined;
}

/** Wraps portaled content in a kit root when it lands outside one (a part used without CalendarConnectionsRoot). */
export function PortalRoot({
  standalone,
  children,
}: {
  standalone: boolean;
  children: ReactNode;
}): ReactNode {
  return standalone ? <div data-cc-root="">{children}</div> : children;
}
