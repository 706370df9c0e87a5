import type { ReactElement } from "react";
import type { DemoEvent } from "../lib/api.ts";
import { formatRange } from "./dates.ts";

export interface EventListProps {
  events: readonly DemoEvent[];
  deletingId: string | null;
  onEdit: (event: DemoEvent) => void;
  onDelete: (event: DemoEvent) => void;
}

/** The organization's events as a table, each with Edit and Delete. */
export function EventList({ events, deletingId, onEdit, onDelete }: EventListProps): ReactElement {
  if (events.length === 0)
    return (
      <div className="app-card px-4 py-10 text-center">
        <p className="font-medium text-sm">No events yet</p>
        <p className="text-muted text-sm">Add one above; it syncs to every connected calendar.</p>
      </div>
    );
  return (
    <div className="app-card overflow-hidden">
      <table className="w-full text-left text-sm">
        <thead className="border-line border-b bg-sidebar text-muted text-xs">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Event
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              When
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Location
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id} className="border-line border-b last:border-b-0">
              <th scope="row" className="px-4 py-2.5 font-medium">
                {event.title}
              </th>
              <td className="whitespace-nowrap px-4 py-2.5 text-muted">
                {formatRange(event.start, event.end)}
              </td>
              <td className="px-4 py-2.5 text-muted">{event.location ?? "—"}</td>
              <td className="px-4 py-2.5">
                <div className="flex justify-end gap-1">
                  <button
                    type="button"
                    className="app-btn app-btn-ghost"
                    aria-label={`Edit ${event.title}`}
                    onClick={() => onEdit(event)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="app-btn app-btn-ghost text-danger"
                    aria-label={`Delete ${event.title}`}
                    disabled={deletingId === event.id}
                    onClick={() => onDelete(event)}
                  >
                    {deletingId === event.id ? "Deleting…" : "Delete"}
                  </button>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
