import { type ReactElement, useEffect, useState } from "react";
import { api, type DemoEmail } from "../lib/api.ts";
import { PageHeader } from "./page-header.tsx";

const POLL_MS = 10_000;

/**
 * What the demo's mailer would have sent: the kit's connection events (connected, needs reconnect,
 * sync failing, recovered, …) as emails to the organization's admins, newest first.
 */
export function OutboxPage(): ReactElement {
  const [emails, setEmails] = useState<DemoEmail[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const load = (): void => {
      api.outbox().then(
        (answer) => {
          if (!live) return;
          setEmails(answer.emails);
          setFailed(false);
        },
        () => live && setFailed(true),
      );
    };
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  return (
    <>
      <PageHeader
        title="Outbox"
        description="Emails this workspace's admins would get when a calendar connection needs them."
      />
      {failed && (
        <p role="status" className="mb-3 text-muted text-sm">
          Couldn't refresh the outbox. Showing what was there before.
        </p>
      )}
      {emails === null ? (
        <p className="text-muted text-sm">Loading…</p>
      ) : emails.length === 0 ? (
        <p className="app-card px-4 py-6 text-muted text-sm">
          No emails yet. Connect a calendar, or break one on the Fake provider page, and they appear here.
        </p>
      ) : (
        <ul className="app-card" aria-label="Sent emails">
          {emails.map((email) => (
            <li key={email.id} className="border-line border-b px-4 py-3 last:border-b-0">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-medium text-sm">{email.subject}</p>
                <time className="text-muted text-xs" dateTime={email.sentAt}>
                  {new Date(email.sentAt).toLocaleString()}
                </time>
              </div>
              <p className="text-muted text-xs">To {email.to.join(", ")}</p>
              <p className="mt-1 whitespace-pre-line text-sm">{email.body}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
