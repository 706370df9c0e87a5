"use client";

import type { ProviderIcon as ProviderIconValue } from "@org/calendar-connections-core";
import {
  type ComponentProps,
  createContext,
  type ReactElement,
  type ReactNode,
  useContext,
  useMemo,
} from "react";
import { cn } from "../cn.ts";
import {
  DEFAULT_PROVIDER_ICONS,
  FALLBACK_PROVIDER_ICON,
  type ProviderIconRegistry,
} from "./provider-icons.tsx";

const IconsContext = createContext<ProviderIconRegistry>(DEFAULT_PROVIDER_ICONS);

/** Props of `ProviderIconsProvider`. */
export interface ProviderIconsProviderProps {
  /** Marks by icon key, added to (and overriding) the kit's own and those of an outer provider. */
  icons?: ProviderIconRegistry | undefined;
  children: ReactNode;
}

/**
 * Registers a host's provider marks for every `ProviderIcon` below it, e.g.
 * `<ProviderIconsProvider icons={{ zoho: <svg viewBox="0 0 24 24">…</svg> }}>`. The page takes the same `icons`.
 */
export function ProviderIconsProvider({ icons, children }: ProviderIconsProviderProps): ReactElement {
  const parent = useContext(IconsContext);
  const value = useMemo(() => (icons ? { ...parent, ...icons } : parent), [parent, icons]);
  return <IconsContext.Provider value={value}>{children}</IconsContext.Provider>;
}

/** The icon registry in effect: the kit's marks plus every registered one. */
export function useProviderIcons(): ProviderIconRegistry {
  return useContext(IconsContext);
}

/** Props of `ProviderIcon`: a `<span>`'s, plus the provider's wire `icon`. */
export interface ProviderIconProps extends ComponentProps<"span"> {
  /** The provider's `icon`, as `GET /providers` serves it. */
  icon: ProviderIconValue;
}

/**
 * The provider's mark in a quiet 32px tile. A `key` icon is looked up in the registry (a neutral calendar when
 * unknown); an `svg` icon is shown as an `<img>` from a data URL, never as markup, so it cannot run script.
 * Decorative: the provider's name is always written next to it.
 */
export function ProviderIcon({ icon, className, ...props }: ProviderIconProps): ReactElement {
  const icons = useProviderIcons();
  const registered = icon.type === "key" ? icons[icon.key] : undefined;
  return (
    <span
      data-slot="provider-icon"
      data-icon={icon.type === "svg" ? "svg" : registered ? "registered" : "fallback"}
      aria-hidden="true"
      className={cn("tile border border-line bg-surface text-muted *:size-4.5", className)}
      {...props}
    >
      {icon.type === "svg" ? (
        <img alt="" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(icon.svg)}`} />
      ) : (
        (registered ?? FALLBACK_PROVIDER_ICON)
      )}
    </span>
  );
}
