import type { FakeInspection, FakeSeriesInstance } from "@org/calendar-connections-testing";
import type { ReactElement } from "react";
import { formatRange } from "../events/dates.ts";
import { Avatar } from "../shell/avatar.tsx";
import { describeFakeEvent } from "./resource.ts";

type Account = FakeInspection["accounts"][number];

/** The instances the fake expands from a series (with moved and cancelled ones marked), in the viewer's zone. */
function SeriesInstances({
  label,
  instances,
}: {
  label: string;
  instances: readonly FakeSeriesInstance[];
}): ReactElement | null {
  if (instances.length === 0) return null;
  return (
    <ol aria-label={label} className="mt-1 flex flex-col gap-0.5">
      {instances.map((instance) => (
        <li
          key={instance.id}
          data-slot="fake-instance"
          data-state={instance.cancelled ? "cancelled" : instance.changed ? "moved" : "planned"}
          className={`text-xs ${instance.cancelled ? "text-muted line-through" : "text-muted"}`}
        >
          {formatRange(instance.start, instance.end)}
          {instance.changed ? " · moved" : ""}
          {instance.cancelled ? " · cancelled" : ""}
        </li>
      ))}
    </ol>
  );
}

export interface FakeAccountProps {
  /** "Google" or "Microsoft", to tell the same account at both apart. */
  providerName: string;
  account: Account;
  activeGrants: number;
  revoking: boolean;
  onRevoke: () => void;
}

/** One fake account: its grants, and each calendar with the events the kit wrote into it. */
export function FakeAccount({
  providerName,
  account,
  activeGrants,
  revoking,
  onRevoke,
}: FakeAccountProps): ReactElement {
  const label = `${providerName}: ${account.name} <${account.email}>`;
  return (
    <article aria-label={label} data-account={account.email} className="app-card">
      <header className="flex items-center justify-between gap-3 border-line border-b px-4 py-3">
        <div className="flex items-center gap-3">
          <Avatar name={account.name} />
          <div className="leading-tight">
            <h3 className="font-medium text-sm">{account.name}</h3>
            <p className="text-muted text-xs">
              {account.email} · {activeGrants === 1 ? "1 app has access" : `${activeGrants} apps have access`}
            </p>
          </div>
        </div>
        <button
          type="button"
          className="app-btn"
          disabled={activeGrants === 0 || revoking}
          onClick={onRevoke}
        >
          {revoking ? "Revoking…" : "Revoke access"}
          <span className="sr-only">
            {" "}
            of {account.email} at {providerName}
          </span>
        </button>
      </header>
      <div className="flex flex-col divide-y divide-line">
        {account.calendars
          .filter((calendar) => !calendar.deleted)
          .map((calendar) => {
            // A series' changed instances show under their series, not as events of their own.
            const events = calendar.events.filter(
              (event) =>
                event.status === "confirmed" &&
                typeof event.resource.recurringEventId !== "string" &&
                typeof event.resource.seriesMasterId !== "string",
            );
            return (
              <section
                key={calendar.id}
                aria-label={`${providerName}: ${account.email}: ${calendar.name}`}
                data-calendar={calendar.name}
                className="flex flex-col gap-2 px-4 py-3"
              >
                <h4 className="flex items-center gap-2 font-medium text-sm">
                  {calendar.name}
                  {calendar.primary ? <span className="text-muted text-xs">primary</span> : null}
                  {calendar.accessRole === "reader" ? (
                    <span className="text-muted text-xs">read-only</span>
                  ) : null}
                </h4>
                {events.length === 0 ? (
                  <p className="text-muted text-xs">No events</p>
                ) : (
                  <ul className="flex flex-col gap-1.5">
                    {events.map((event) => {
                      const { title, when } = describeFakeEvent(event);
                      return (
                        <li
                          key={event.id}
                          data-slot="fake-event"
                          className="flex flex-col border-accent border-l-2 pl-2"
                        >
                          <span className="text-sm">{title}</span>
                          <span className="text-muted text-xs">{when}</span>
                          <SeriesInstances
                            label={`Instances of ${title}`}
                            instances={calendar.instances.filter(
                              (instance) => instance.seriesId === event.id,
                            )}
                          />
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
            );
          })}
      </div>
    </article>
  );
}
