"use client";

import { useEffect, useRef, useState } from "react";

/** The element id of a connection's status panel, which takes focus after a disconnect or a connect. */
export function panelElementId(connectionId: string): string {
  return `cc-panel-${connectionId}`;
}

/** The element id of a new feed's URL field, which takes focus so the URL can be copied at once. */
export const FEED_URL_ELEMENT_ID = "cc-feed-url";

/** Where focus goes around the page's dialogs. */
export interface FocusReturn {
  /** Call before opening a dialog: remembers what had focus, and the connection it was about, if any. */
  remember: (connectionId?: string) => void;
  /**
   * A dialog's `onCloseAutoFocus`: back to the remembered element; when it is gone (a menu item, a card button
   * that became "Connected") to the connection's menu button or panel; otherwise Radix's default.
   */
  restore: (event: Event) => void;
  /** A dialog's `onCloseAutoFocus` after it changed the page: to the connection's panel, or "Add a calendar". */
  toPanel: (event: Event, connectionId: string | undefined) => void;
  /** Focuses the element with this id once it is rendered, e.g. a new connection's panel after its card's button went. */
  focusWhenShown: (elementId: string) => void;
}

/** Focus management for the page's dialogs, so keyboard and screen-reader users never land on the body. */
export function useFocusReturn(): FocusReturn {
  const target = useRef<{ connectionId: string | undefined; element: Element | null } | null>(null);
  const [wanted, setWanted] = useState<string | null>(null);
  useEffect(() => {
    const element = wanted ? document.getElementById(wanted) : null;
    if (!element) return;
    element.focus();
    setWanted(null);
  });
  const focusPanel = (connectionId: string | undefined): void => {
    const panel = connectionId ? document.getElementById(panelElementId(connectionId)) : null;
    (panel ?? document.getElementById("cc-add"))?.focus();
  };
  return {
    remember: (connectionId) => {
      const active = document.activeElement;
      // A menu item closes with its menu, and the body is no place to return to: the panel stands in for both.
      const gone = !active || active === document.body || active.closest("[role=menu]");
      target.current = { connectionId, element: gone ? null : active };
    },
    restore: (event) => {
      const remembered = target.current;
      target.current = null;
      if (!remembered) return;
      const { element, connectionId } = remembered;
      if (element instanceof HTMLElement && element.isConnected) {
        event.preventDefault();
        element.focus();
      } else if (connectionId) {
        event.preventDefault();
        const panel = document.getElementById(panelElementId(connectionId));
        (panel?.querySelector<HTMLElement>("[data-slot=connection-actions-trigger]") ?? panel)?.focus();
      }
    },
    toPanel: (event, connectionId) => {
      event.preventDefault();
      focusPanel(connectionId);
    },
    focusWhenShown: setWanted,
  };
}
