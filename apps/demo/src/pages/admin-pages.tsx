import { type ReactElement, useState } from "react";
import { PageHeader } from "./page-header.tsx";

// The host's other admin sections: simple stand-ins, so the kit's page sits among neighbours.

const ROW = "flex items-center justify-between gap-4 border-line border-b px-4 py-3 last:border-b-0";

export function ProvidersPage(): ReactElement {
  const providers = [
    { name: "Okta", kind: "Single sign-on", status: "Active" },
    { name: "Stripe", kind: "Billing", status: "Active" },
    { name: "Twilio", kind: "SMS notifications", status: "Not set up" },
  ];
  return (
    <>
      <PageHeader
        title="Providers"
        description="Services this workspace signs in, bills and notifies through."
      />
      <ul className="app-card">
        {providers.map((provider) => (
          <li key={provider.name} className={ROW}>
            <div>
              <p className="font-medium text-sm">{provider.name}</p>
              <p className="text-muted text-xs">{provider.kind}</p>
            </div>
            <span className="text-muted text-sm">{provider.status}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function FeatureFlagsPage(): ReactElement {
  const [flags, setFlags] = useState([
    { id: "new-editor", label: "New event editor", on: true },
    { id: "rsvp", label: "RSVP reminders", on: false },
    { id: "weekly-view", label: "Weekly calendar view", on: true },
  ]);
  return (
    <>
      <PageHeader
        title="Feature flags"
        description="Early features you can turn on for everyone in the workspace."
      />
      <ul className="app-card">
        {flags.map((flag) => (
          <li key={flag.id} className={ROW}>
            <label htmlFor={`flag-${flag.id}`} className="font-medium text-sm">
              {flag.label}
            </label>
            <input
              id={`flag-${flag.id}`}
              type="checkbox"
              className="size-4 accent-accent"
              checked={flag.on}
              onChange={() =>
                setFlags((all) => all.map((item) => (item.id === flag.id ? { ...item, on: !item.on } : item)))
              }
            />
          </li>
        ))}
      </ul>
    </>
  );
}

export function DigestsPage(): ReactElement {
  return (
    <>
      <PageHeader title="Digests" description="The summary emails members receive about upcoming events." />
      <ul className="app-card">
        <li className={ROW}>
          <div>
            <p className="font-medium text-sm">Weekly agenda</p>
            <p className="text-muted text-xs">Mondays at 8:00, to every member</p>
          </div>
          <span className="text-muted text-sm">On</span>
        </li>
        <li className={ROW}>
          <div>
            <p className="font-medium text-sm">Daily changes</p>
            <p className="text-muted text-xs">Events added, moved or cancelled yesterday</p>
          </div>
          <span className="text-muted text-sm">Off</span>
        </li>
      </ul>
    </>
  );
}
