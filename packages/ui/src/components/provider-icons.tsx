import type { ReactElement, ReactNode } from "react";

/**
 * Marks by icon key: what `ProviderIcon` draws for a provider whose `icon` is `{ type: "key", key }`. Each is
 * a ReactNode (usually an `<svg>`) sized by the icon's tile. Hosts add their own through `ProviderIconsProvider`
 * or the page's `icons` prop.
 */
export type ProviderIconRegistry = Readonly<Record<string, ReactNode>>;

const stroke = (children: ReactNode): ReactElement => (
  <svg
    aria-hidden="true"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.75"
    strokeLinecap="round"
    strokeLinejoin="round"
  >
    {children}
  </svg>
);

/** The marks the kit ships: Google, Microsoft, a calendar feed and a service account. */
export const DEFAULT_PROVIDER_ICONS: ProviderIconRegistry = {
  google: (
    <svg aria-hidden="true" viewBox="0 0 24 24">
      <path
        fill="#4285F4"
        d="M23.5 12.3c0-.8-.1-1.6-.2-2.3H12v4.4h6.5a5.6 5.6 0 0 1-2.4 3.6v3h3.9c2.3-2.1 3.5-5.2 3.5-8.7z"
      />
      <path
        fill="#34A853"
        d="M12 24c3.2 0 6-1.1 7.9-2.9l-3.9-3c-1.1.7-2.4 1.2-4 1.2-3.1 0-5.7-2.1-6.6-4.9H1.4v3.1A12 12 0 0 0 12 24z"
      />
      <path fill="#FBBC05" d="M5.4 14.4a7.2 7.2 0 0 1 0-4.7V6.6h-4a12 12 0 0 0 0 10.8l4-3z" />
      <path
        fill="#EA4335"
        d="M12 4.8c1.7 0 3.3.6 4.6 1.8l3.4-3.4A12 12 0 0 0 1.4 6.6l4 3.1C6.3 6.9 8.9 4.8 12 4.8z"
      />
    </svg>
  ),
  microsoft: (
    <svg aria-hidden="true" viewBox="0 0 24 24">
      <path fill="#F25022" d="M1 1h10.5v10.5H1z" />
      <path fill="#7FBA00" d="M12.5 1H23v10.5H12.5z" />
      <path fill="#00A4EF" d="M1 12.5h10.5V23H1z" />
      <path fill="#FFB900" d="M12.5 12.5H23V23H12.5z" />
    </svg>
  ),
  ics: stroke(
    <>
      <rect x="3" y="4.5" width="18" height="16" rx="2.5" />
      <path d="M3 9.5h18M8 2.5v4M16 2.5v4M7.5 14h3M7.5 17h6" />
    </>,
  ),
  "google-service-account": stroke(
    <>
      <rect x="3" y="3.5" width="18" height="7" rx="2" />
      <rect x="3" y="13.5" width="18" height="7" rx="2" />
      <path d="M7 7h.01M7 17h.01M11 7h6M11 17h6" />
    </>,
  ),
};

/** What a key no registry knows is drawn as: a neutral calendar. */
export const FALLBACK_PROVIDER_ICON: ReactElement = stroke(
  <>
    <rect x="3.5" y="5" width="17" height="15" rx="2.5" />
    <path d="M3.5 10h17M8.5 3v4M15.5 3v4" />
  </>,
);
