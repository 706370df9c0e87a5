"use client";

import {
  createContext,
  type ForwardRefExoticComponent,
  forwardRef,
  type ReactNode,
  type RefAttributes,
  useContext,
} from "react";

/**
 * Where dialogs and menus portal to: the kit's root element, so they inherit its theme variables.
 * Null outside a root; portaled content then wraps itself in a root of its own.
 */
export const PortalContainerContext = createContext<HTMLElement | null>(null);

/** The element dialogs and menus portal into, or undefined for document.body. */
export function usePortalContainer(): HTMLElement | undefined {
  return useContext(PortalContainerContext) ?? undefined;
}

/** Props of `PortalRoot`. */
export interface PortalRootProps {
  standalone: boolean;
  children: ReactNode;
}

/**
 * Wraps portaled content in a kit root when it lands outside one (a part used without CalendarConnectionsRoot).
 * Radix's Portal renders it `asChild` and hands it a ref: forwarded, so React 18 (where a function component
 * cannot take a ref) does not warn.
 */
export const PortalRoot: ForwardRefExoticComponent<PortalRootProps & RefAttributes<HTMLDivElement>> =
  forwardRef<HTMLDivElement, PortalRootProps>(function PortalRoot({ standalone, children }, ref) {
    return standalone ? (
      <div ref={ref} data-cc-root="">
        {children}
      </div>
    ) : (
      children
    );
  });
