"use client";

import type { Connection } from "@org/calendar-connections-core";
import type { ComponentProps, ReactElement } from "react";
import { cn } from "../cn.ts";
import { useLocale } from "../i18n/context.tsx";
import { format, formatDay } from "../i18n/format.ts";

/** Props of `PreviousConnections`: the disconnected connections, each with its provider's name. */
export interface PreviousConnectionsProps extends Omit<ComponentProps<"details">, "children"> {
  connections: ReadonlyArray<{ connection: Connection; providerName: string }>;
}

/** "Previously connected (3)": a collapsed list of disconnected connections, most recent first. */
export function PreviousConnections({
  connections,
  className,
  ...props
}: PreviousConnectionsProps): ReactElement {
  const { messages, locale } = useLocale();
  return (
    <details data-slot="previous-connections" className={cn("card", className)} {...props}>
      <summary className="focus-ring cursor-pointer rounded-md px-4 py-3 font-medium text-fg">
        {format(messages.previouslyConnected, { count: String(connections.length) })}
      </summary>
      <ul className="divide-y divide-line border-line border-t">
        {connections.map(({ connection, providerName }) => (
          <li
            key={connection.id}
            data-slot="previous-connection"
            className="flex flex-col gap-0.5 px-4 py-2.5 sm:flex-row sm:items-center sm:justify-between"
          >
            <span className="min-w-0 truncate">
              {providerName}
              {connection.accountEmail ? (
                <span className="text-muted"> · {connection.accountEmail}</span>
              ) : null}
            </span>
            {connection.disconnectedAt ? (
              <span className="caption shrink-0 text-muted">
                {format(messages.disconnectedOn, { date: formatDay(connection.disconnectedAt, locale) })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </details>
  );
}
