import { CONNECTION_STATUSES, PROVIDERS } from "@org/calendar-connections-core";
import { StatusBadge } from "@org/calendar-connections-ui";
import type { ReactElement } from "react";

/**
 * The demo's first page: the kit's provider catalog and connection states, read from the real packages.
 * The admin dashboard with sign-in, the mounted page and the fake providers replaces it.
 */
export function App(): ReactElement {
  return (
    <main data-cc-root="" style={{ maxWidth: 720, margin: "48px auto", padding: "0 24px" }}>
      <h1 style={{ fontSize: 24, fontWeight: 600 }}>Calendar connections demo</h1>
      <p style={{ color: "var(--cc-muted-fg)" }}>
        The admin dashboard is being assembled. These are the providers and connection states the kit
        supports.
      </p>
      <h2 style={{ fontSize: 16, fontWeight: 600, marginTop: 24 }}>Providers</h2>
      <ul>
        {PROVIDERS.map((provider) => (
          <li key={provider.id}>
            <strong>{provider.name}</strong> — {provider.description}
          </li>
        ))}
      </ul>
      <h2 style={{ fontSize: 16, fontWeight: 600, marginTop: 24 }}>Connection states</h2>
      <p style={{ display: "flex", gap: 8 }}>
        {CONNECTION_STATUSES.map((status) => (
          <StatusBadge key={status} status={status} />
        ))}
      </p>
    </main>
  );
}
