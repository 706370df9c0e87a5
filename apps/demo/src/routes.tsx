import type { ReactElement } from "react";
import type { SessionInfo } from "./lib/api.ts";
import { CALENDARS_PATH } from "./nav.ts";
import { DigestsPage, FeatureFlagsPage, ProvidersPage } from "./pages/admin-pages.tsx";
import { CalendarsPage } from "./pages/calendars-page.tsx";
import { EventsPage } from "./pages/events-page.tsx";
import { FakeProviderPage } from "./pages/fake-provider-page.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { OutboxPage } from "./pages/outbox-page.tsx";
import type { Crumb } from "./shell/breadcrumbs.tsx";

export interface Route {
  title: string;
  breadcrumbs: Crumb[];
  render: (session: SessionInfo) => ReactElement;
}

const ROUTES: Record<string, Route> = {
  "/events": {
    title: "Events",
    breadcrumbs: [{ label: "Workspace" }, { label: "Events" }],
    render: (session) => <EventsPage session={session} />,
  },
  "/admin/providers": {
    title: "Providers",
    breadcrumbs: [{ label: "Admin" }, { label: "Providers" }],
    render: () => <ProvidersPage />,
  },
  "/admin/feature-flags": {
    title: "Feature flags",
    breadcrumbs: [{ label: "Admin" }, { label: "Feature flags" }],
    render: () => <FeatureFlagsPage />,
  },
  "/admin/digests": {
    title: "Digests",
    breadcrumbs: [{ label: "Admin" }, { label: "Digests" }],
    render: () => <DigestsPage />,
  },
  [CALENDARS_PATH]: {
    title: "Calendar connections",
    breadcrumbs: [{ label: "Admin" }, { label: "Integrations" }, { label: "Calendars" }],
    render: (session) => <CalendarsPage session={session} />,
  },
  "/admin/outbox": {
    title: "Outbox",
    breadcrumbs: [{ label: "Admin" }, { label: "Outbox" }],
    render: () => <OutboxPage />,
  },
  "/fake-provider": {
    title: "Fake provider",
    breadcrumbs: [{ label: "Developer" }, { label: "Fake provider" }],
    render: () => <FakeProviderPage />,
  },
};

const NOT_FOUND: Route = {
  title: "Not found",
  breadcrumbs: [{ label: "Not found" }],
  render: () => <NotFoundPage />,
};

export function matchRoute(pathname: string): Route {
  return ROUTES[pathname.replace(/\/+$/, "") || "/"] ?? NOT_FOUND;
}
