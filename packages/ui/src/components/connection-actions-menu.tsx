"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { type ComponentProps, Fragment, type ReactElement } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { PortalRoot, usePortalContainer } from "./portal.tsx";
import { GLYPHS, Glyph } from "./primitives.tsx";

/** Props of `ConnectionActionsMenu`: the trigger button's, plus one callback per action. */
export interface ConnectionActionsMenuProps extends Omit<ComponentProps<"button">, "children"> {
  providerName: string;
  /** Each action is listed only when its callback is given. */
  onChangeCalendar?: (() => void) | undefined;
  /** "Check connection": test the grant and calendar again; the item is left out without it. */
  onCheck?: (() => void) | undefined;
  /** "Retry failed events": sends the connection's dead letters again. */
  onRequeue?: (() => void) | undefined;
  /** "Copy feed link", for feed connections; the item is left out without it. */
  onCopyFeedUrl?: (() => void) | undefined;
  /** "Regenerate link": a feed's new secret link. */
  onRegenerateFeed?: (() => void) | undefined;
  /** "View activity": failing events and history. */
  onActivity?: (() => void) | undefined;
  /** "Disconnect", which opens the confirmation; the item is left out without it. */
  onDisconnect?: (() => void) | undefined;
  /** Opens the menu initially (stories). */
  defaultOpen?: boolean;
}

const ITEM = "menu-item";

/** The rest of a connection's actions, behind a "More actions" button (Radix DropdownMenu). */
export function ConnectionActionsMenu({
  providerName,
  onChangeCalendar,
  onCheck,
  onRequeue,
  onCopyFeedUrl,
  onRegenerateFeed,
  onActivity,
  onDisconnect,
  defaultOpen,
  className,
  ...props
}: ConnectionActionsMenuProps): ReactElement {
  const { messages } = useLocale();
  const container = usePortalContainer();
  const items: Array<[string, string, () => void, boolean]> = [];
  if (onChangeCalendar) items.push([messages.actionChangeCalendar, GLYPHS.calendar, onChangeCalendar, false]);
  if (onCheck) items.push([messages.actionCheck, GLYPHS.refresh, onCheck, false]);
  if (onRequeue) items.push([messages.actionRequeue, GLYPHS.send, onRequeue, false]);
  if (onCopyFeedUrl) items.push([messages.actionCopyFeed, GLYPHS.copy, onCopyFeedUrl, false]);
  if (onRegenerateFeed) items.push([messages.actionRegenerateFeed, GLYPHS.refresh, onRegenerateFeed, false]);
  if (onActivity) items.push([messages.actionActivity, GLYPHS.info, onActivity, false]);
  if (onDisconnect) items.push([messages.actionDisconnect, GLYPHS.unlink, onDisconnect, true]);
  return (
    <DropdownMenu.Root defaultOpen={defaultOpen} modal={false}>
      <DropdownMenu.Trigger asChild>
        <button
          type="button"
          data-slot="connection-actions-trigger"
          aria-label={format(messages.actions, { provider: providerName })}
          className={cn(
            "tile btn-ghost focus-ring cursor-pointer text-muted data-[state=open]:bg-subtle",
            className,
          )}
          {...props}
        >
          <Glyph d={GLYPHS.dots} className="[stroke-width:2.5]" />
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal container={container}>
        <PortalRoot standalone={!container}>
          <DropdownMenu.Content
            data-slot="connection-actions-menu"
            align="end"
            sideOffset={4}
            className="card menu"
          >
            {items.map(([label, glyph, onSelect, danger], index) => (
              <Fragment key={label}>
                {danger && index > 0 ? <DropdownMenu.Separator className="-mx-1 my-1 h-px bg-line" /> : null}
                <DropdownMenu.Item
                  data-slot="connection-actions-item"
                  className={cn(ITEM, danger && "text-danger-fg")}
                  onSelect={onSelect}
                >
                  <Glyph d={glyph} className="text-current opacity-80" />
                  {label}
                </DropdownMenu.Item>
              </Fragment>
            ))}
          </DropdownMenu.Content>
        </PortalRoot>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
