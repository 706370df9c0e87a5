"use client";

import type { Provider } from "@org/calendar-connections-core";
import { type ComponentProps, type ReactElement, type ReactNode, useId } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { ConnectButton } from "./connect-button.tsx";
import { GLYPHS, Glyph } from "./primitives.tsx";
import { ProviderIcon } from "./provider-icon.tsx";

/** A provider card's state: offered, connecting, already connected, or not set up on the server. */
export type ProviderCardState = "available" | "connecting" | "connected" | "not_configured";

/** Props of `ProviderCard`: an `<article>`'s, plus the provider, its state and its action. */
export interface ProviderCardProps extends Omit<ComponentProps<"article">, "children"> {
  provider: Pick<Provider, "id" | "name" | "description" | "capabilities" | "icon" | "connect">;
  state: ProviderCardState;
  /** The one action: start OAuth, create an `instant` connection, or open a `form` provider's form. */
  onConnect?: () => void;
  /** Replaces the connect button, e.g. with a `ConnectForm` laid out in the card. */
  action?: ReactNode;
  /** Replaces the button's label; by default an `instant` provider's `actionLabel`, else "Connect {provider}". */
  connectLabel?: string;
  /** Replaces the pending label ("Redirecting to {provider}…" for OAuth, "Creating…", "Connecting…"). */
  pendingLabel?: string;
}

/**
 * One provider of the list: its mark, what it does, and its one call to action, chosen by its connect kind
 * alone (`data-connect` names it), so a host's own provider needs no UI change.
 */
export function ProviderCard({
  provider,
  state,
  onConnect,
  action,
  connectLabel,
  pendingLabel,
  className,
  ...props
}: ProviderCardProps): ReactElement {
  const { messages } = useLocale();
  const headingId = useId();
  const { connect } = provider;
  const capabilities = provider.capabilities.writesEvents
    ? [
        messages.capabilityWrites,
        ...(provider.capabilities.calendarPicker ? [messages.capabilityPicker] : []),
      ]
    : [messages.capabilityFeed];
  return (
    <article
      data-slot="provider-card"
      data-state={state}
      data-provider={provider.id}
      data-connect={connect.kind}
      aria-labelledby={headingId}
      className={cn("card flex flex-col gap-3 p-4", className)}
      {...props}
    >
      <div className="flex items-start gap-3">
        <ProviderIcon icon={provider.icon} />
        <div className="flex min-w-0 flex-col gap-0.5">
          <h3 id={headingId} className="font-medium text-fg">
            {provider.name}
          </h3>
          <p className="text-muted">{provider.description}</p>
        </div>
      </div>
      <ul data-slot="provider-capabilities" className="flex flex-wrap gap-x-3 gap-y-1">
        {capabilities.map((capability) => (
          <li key={capability} className="hint flex items-center gap-1">
            <Glyph d={GLYPHS.check} className="size-3" />
            {capability}
          </li>
        ))}
      </ul>
      <div className="mt-auto">
        {state === "connected" ? (
          <p
            data-slot="provider-card-connected"
            className="flex h-8 items-center gap-1.5 font-medium text-success text-sm"
          >
            <Glyph d={GLYPHS.check} />
            {messages.alreadyConnected}
          </p>
        ) : (
          (action ?? (
            <ConnectButton
              providerName={provider.name}
              state={
                state === "connecting" ? "pending" : state === "not_configured" ? "not_configured" : "idle"
              }
              label={connectLabel ?? (connect.kind === "instant" ? connect.actionLabel : undefined)}
              pendingLabel={
                pendingLabel ??
                (connect.kind === "instant"
                  ? messages.creating
                  : connect.kind === "form"
                    ? messages.formSubmitting
                    : undefined)
              }
              aria-haspopup={connect.kind === "form" ? "dialog" : undefined}
              onConnect={onConnect}
            />
          ))
        )}
      </div>
    </article>
  );
}
