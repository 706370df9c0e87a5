"use client";

import {
  type ComponentType,
  type LazyExoticComponent,
  lazy,
  type ReactNode,
  Suspense,
  useState,
} from "react";

/** A dialog whose code loads on first use, and a way to start loading it before that. */
interface LazyDialog<P> {
  Dialog: LazyExoticComponent<ComponentType<P>>;
  /** Starts loading the code (once); called on hover or focus of what opens the dialog. */
  preload: () => void;
}

function lazyDialog<P>(load: () => Promise<ComponentType<P>>): LazyDialog<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const start = (): Promise<{ default: ComponentType<P> }> => {
    loading ??= load().then((component) => ({ default: component }));
    return loading;
  };
  return {
    Dialog: lazy(start),
    preload: () => {
      // A failed preload is forgotten, so the dialog's own load tries again.
      start().catch(() => {
        loading = undefined;
      });
    },
  };
}

// Each its own chunk: the page's first load carries none of them.
export const PickerDialog = lazyDialog(() =>
  import("../components/calendar-picker-dialog.tsx").then((module) => module.CalendarPickerDialog),
);
export const DisconnectDialog = lazyDialog(() =>
  import("../components/disconnect-dialog.tsx").then((module) => module.DisconnectDialog),
);
export const ConnectFormDialog = lazyDialog(() =>
  import("../components/connect-form-dialog.tsx").then((module) => module.ConnectFormDialog),
);
export const ActivityDialog = lazyDialog(() =>
  import("../components/activity-dialog.tsx").then((module) => module.ActivityDialog),
);
export const ExistingEventsDialog = lazyDialog(() =>
  import("../components/existing-events-dialog.tsx").then((module) => module.ExistingEventsDialog),
);
export const RegenerateFeedDialog = lazyDialog(() =>
  import("../components/regenerate-feed-dialog.tsx").then((module) => module.RegenerateFeedDialog),
);

/** What a connection panel's buttons and menu open. */
const PANEL_DIALOGS = [
  DisconnectDialog,
  PickerDialog,
  ActivityDialog,
  ExistingEventsDialog,
  RegenerateFeedDialog,
];

/**
 * The root's pointer-over and focus handler: a button of a connection panel (its menu button included) or of a
 * provider card starts loading the dialogs it can open, so the first open shows the dialog at once.
 */
export function preloadDialogsFor(target: EventTarget): void {
  if (!(target instanceof Element) || !target.closest("button, [role=menuitem]")) return;
  if (target.closest("[data-slot=connection-status-panel]"))
    for (const dialog of PANEL_DIALOGS) dialog.preload();
  else if (target.closest("[data-slot=provider-card]")) ConnectFormDialog.preload();
}

/**
 * Renders a lazy dialog from its first open on (kept mounted after, so it closes with its animation and returns
 * focus as Radix does), in its own Suspense boundary: while its code loads nothing shows (a dialog takes no room
 * in the page, so nothing shifts), and a dialog already open never hides behind another one's fallback.
 */
export function OnceOpened({ open, children }: { open: boolean; children: ReactNode }): ReactNode {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return open || opened ? <Suspense fallback={null}>{children}</Suspense> : null;
}
