import { type ReactElement, useState } from "react";
import { EventForm } from "../events/event-form.tsx";
import { EventList } from "../events/event-list.tsx";
import { useEventMutations, useEvents } from "../events/use-events.ts";
import type { DemoEvent, SessionInfo } from "../lib/api.ts";
import { Link } from "../lib/router.tsx";
import { CALENDARS_PATH } from "../nav.ts";
import { PageHeader } from "./page-header.tsx";

/** Any member plans the organization's events; every change is queued for the connected calendars. */
export function EventsPage({ session }: { session: SessionInfo }): ReactElement {
  const events = useEvents();
  const { create, update, remove } = useEventMutations();
  const [editing, setEditing] = useState<DemoEvent | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [announcement, setAnnouncement] = useState("");

  return (
    <>
      <PageHeader
        title="Events"
        description={
          <>
            Everyone in {session.organization.name} plans events here. Each change syncs within seconds to the
            calendars{" "}
            {session.user.role === "admin" ? (
              <Link
                href={CALENDARS_PATH}
                className="focus-ring rounded-sm text-accent underline underline-offset-2"
              >
                your organization connected
              </Link>
            ) : (
              "your admins connected"
            )}
            .
          </>
        }
      />
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="flex flex-col gap-6">
        {editing ? (
          <EventForm
            key={editing.id}
            event={editing}
            pending={update.isPending}
            error={update.error}
            onCancel={() => setEditing(null)}
            onSubmit={(input) =>
              update.mutate(
                { id: editing.id, input },
                {
                  onSuccess: () => {
                    setEditing(null);
                    setAnnouncement(`Saved “${input.title}”.`);
                  },
                },
              )
            }
          />
        ) : (
          <EventForm
            key={`new-${formKey}`}
            event={null}
            pending={create.isPending}
            error={create.error}
            onSubmit={(input) =>
              create.mutate(input, {
                onSuccess: () => {
                  create.reset();
                  setFormKey((key) => key + 1);
                  setAnnouncement(`Added “${input.title}”.`);
                },
              })
            }
          />
        )}
        <section aria-labelledby="events-heading" className="flex flex-col gap-3">
          <h2 id="events-heading" className="font-semibold text-sm">
            Upcoming events
          </h2>
          {events.isPending ? (
            <div className="app-card h-32 animate-pulse" aria-hidden="true" />
          ) : events.isError ? (
            <p role="alert" className="text-danger text-sm">
              Could not load the events: {events.error.message}
            </p>
          ) : (
            <EventList
              events={events.data.events}
              deletingId={remove.isPending ? (remove.variables ?? null) : null}
              onEdit={(event) => setEditing(event)}
              onOverrides={(event, overrides) =>
                update.mutate(
                  { id: event.id, input: { overrides } },
                  { onSuccess: () => setAnnouncement(`Updated “${event.title}”.`) },
                )
              }
              onDelete={(event) =>
                remove.mutate(event.id, {
                  onSuccess: () => {
                    if (editing?.id === event.id) setEditing(null);
                    setAnnouncement(`Deleted “${event.title}”.`);
                  },
                })
              }
            />
          )}
        </section>
      </div>
    </>
  );
}
