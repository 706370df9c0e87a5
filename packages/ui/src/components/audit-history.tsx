"use client";

import type { AuditEntry } from "@org/calendar-connections-core";
import type { ReactElement } from "react";
import { useLocale } from "../i18n/context.tsx";
import { format } from "../i18n/format.ts";
import { RelativeTime } from "./relative-time.tsx";

/** Props of `AuditHistory`. */
export interface AuditHistoryProps {
  /** Newest first, as `GET /connections/:id/audit` answers. */
  entries: readonly AuditEntry[];
}

/** What happened to a connection, newest first: "Calendar changed by Alice Adams · 2 days ago". */
export function AuditHistory({ entries }: AuditHistoryProps): ReactElement {
  const { messages } = useLocale();
  if (entries.length === 0) return <p className="text-muted">{messages.historyEmpty}</p>;
  return (
    <ol data-slot="audit-history" className="flex flex-col gap-2">
      {entries.map((entry) => {
        const action = messages.audit[entry.action];
        // The kit's own entries (the worker, a refresh) have no actor: the action alone.
        const text = entry.actorName
          ? format(messages.historyBy, { action, actor: entry.actorName })
          : action;
        return (
          <li key={entry.id} data-slot="audit-entry" className="flex items-baseline justify-between gap-3">
            <span className="min-w-0">{text}</span>
            <span className="caption shrink-0 text-muted">
              <RelativeTime value={entry.at} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}
