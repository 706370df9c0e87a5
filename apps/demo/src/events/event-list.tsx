import { Fragment, type ReactElement } from "react";
import type { DemoEvent, DemoOverride } from "../lib/api.ts";
import { formatRange } from "./dates.ts";
import { repeatOf, seriesInstances, withCancelled, withMoved } from "./series.ts";

export interface EventListProps {
  events: readonly DemoEvent[];
  deletingId: string | null;
  onEdit: (event: DemoEvent) => void;
  onDelete: (event: DemoEvent) => void;
  /** A series' instance moved or cancelled: the series' new overrides. */
  onOverrides: (event: DemoEvent, overrides: DemoOverride[]) => void;
}

const REPEAT_TEXT = { DAILY: "Every day", WEEKLY: "Every week", MONTHLY: "Every month" } as const;

/** A series' instances, each with "Move a day later" and "Cancel". */
function Instances({
  event,
  onOverrides,
}: {
  event: DemoEvent;
  onOverrides: EventListProps["onOverrides"];
}): ReactElement {
  return (
    <ul aria-label={`Instances of ${event.title}`} className="flex flex-col gap-1">
      {seriesInstances(event).map((instance) => {
        const when = formatRange(instance.start, instance.end);
        return (
          <li
            key={instance.originalStart}
            data-slot="series-instance"
            data-state={instance.cancelled ? "cancelled" : instance.moved ? "moved" : "planned"}
            className="flex items-center justify-between gap-2 text-xs"
          >
            <span className={instance.cancelled ? "text-muted line-through" : "text-muted"}>
              {when}
              {instance.moved ? " · moved" : ""}
              {instance.cancelled ? " · cancelled" : ""}
            </span>
            {instance.cancelled ? null : (
              <span className="flex gap-1">
                <button
                  type="button"
                  className="app-btn app-btn-ghost"
                  onClick={() => onOverrides(event, withMoved(event, instance, 1))}
                >
                  Move a day later
                  <span className="sr-only">
                    : {event.title} on {when}
                  </span>
                </button>
                <button
                  type="button"
                  className="app-btn app-btn-ghost text-danger"
                  aria-label={`Cancel ${event.title} on ${when}`}
                  onClick={() => onOverrides(event, withCancelled(event, instance))}
                >
                  Cancel
                </button>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The organization's events as a table, each with Edit and Delete; a series lists its instances. */
export function EventList({
  events,
  deletingId,
  onEdit,
  onDelete,
  onOverrides,
}: EventListProps): ReactElement {
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
          {events.map((event) => {
            const { repeat, count } = repeatOf(event);
            return (
              <Fragment key={event.id}>
                <tr className="border-line border-b last:border-b-0">
                  <th scope="row" className="px-4 py-2.5 font-medium">
                    {event.title}
                  </th>
                  <td className="whitespace-nowrap px-4 py-2.5 text-muted">
                    {formatRange(event.start, event.end)}
                    {repeat === "none" ? null : (
                      <span className="block text-xs">
                        {REPEAT_TEXT[repeat]} · {count} times · {(event.timeZone ?? "UTC").replace(/_/g, " ")}
                      </span>
                    )}
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
                {repeat === "none" ? null : (
                  <tr className="border-line border-b last:border-b-0">
                    <td colSpan={4} className="px-4 pb-2.5">
                      <Instances event={event} onOverrides={onOverrides} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
