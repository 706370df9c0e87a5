import type { FakeInspection } from "@org/calendar-connections-testing";
import type { ReactElement } from "react";
import { Avatar } from "../shell/avatar.tsx";
import { describeFakeEvent } from "./resource.ts";

type Account = FakeInspection["accounts"][number];

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
            const events = calendar.events.filter((event) => event.status === "confirmed");
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
