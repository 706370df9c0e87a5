"use client";

import type { ReactElement } from "react";
import { useId } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { Button, type ButtonProps } from "./primitives.tsx";

/** A connect button's state: ready, pending, or disabled because the server lacks the provider's credentials. */
export type ConnectButtonState = "idle" | "pending" | "not_configured";

/** Props of `ConnectButton`: a `Button`'s, plus the provider's name and labels. */
export interface ConnectButtonProps extends Omit<ButtonProps, "pending" | "onClick"> {
  /** The provider's display name, e.g. "Google Calendar". */
  providerName: string;
  state?: ConnectButtonState;
  /** Called on click while the button is not pending. */
  onConnect?: () => void;
  /** Replaces "Connect {provider}". */
  label?: string;
  /** Replaces "Redirecting to {provider}…". */
  pendingLabel?: string;
}

/**
 * The one primary action of a provider. Pending while the browser is sent to the consent screen;
 * disabled, with the reason written under it, when the server has no credentials for the provider.
 */
export function ConnectButton({
  providerName,
  state = "idle",
  onConnect,
  label,
  pendingLabel,
  className,
  ...props
}: ConnectButtonProps): ReactElement {
  const { messages } = useLocale();
  const reasonId = useId();
  const values = { provider: providerName };
  const button = (
    <Button
      variant={state === "not_configured" ? "secondary" : "primary"}
      data-slot="connect-button"
      data-state={state}
      pending={state === "pending"}
      disabled={state === "not_configured"}
      aria-describedby={state === "not_configured" ? reasonId : undefined}
      onClick={onConnect}
      className={cn("w-full", className)}
      {...props}
    >
      {state === "pending"
        ? (pendingLabel ?? format(messages.connecting, values))
        : (label ?? format(messages.connect, values))}
    </Button>
  );
  if (state !== "not_configured") return button;
  return (
    <div data-slot="connect-button-group" className="flex flex-col gap-2">
      <p id={reasonId} data-slot="connect-button-reason" className="hint">
        {messages.notConfigured}
      </p>
      {button}
    </div>
  );
}
