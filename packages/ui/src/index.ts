export { cn } from "./cn.ts";
// The dialogs the page opens on demand (`DisconnectDialog`, `CalendarPickerDialog`, `ConnectFormDialog`) and their
// forms live in the `./dialogs` entry, out of the first load.
export {
  ConnectButton,
  type ConnectButtonProps,
  type ConnectButtonState,
} from "./components/connect-button.tsx";
export type { ConnectFormFieldErrors } from "./components/connect-form.tsx";
export { type ConnectFormErrors, connectFormErrors } from "./components/connect-form-errors.ts";
export {
  ConnectionActionsMenu,
  type ConnectionActionsMenuProps,
} from "./components/connection-actions-menu.tsx";
export {
  type ConnectionPending,
  ConnectionStatusPanel,
  type ConnectionStatusPanelProps,
} from "./components/connection-status-panel.tsx";
export { Button, type ButtonProps, type ButtonVariant } from "./components/primitives.tsx";
export { ProviderCard, type ProviderCardProps, type ProviderCardState } from "./components/provider-card.tsx";
export {
  ProviderIcon,
  type ProviderIconProps,
  ProviderIconsProvider,
  type ProviderIconsProviderProps,
  useProviderIcons,
} from "./components/provider-icon.tsx";
export {
  DEFAULT_PROVIDER_ICONS,
  FALLBACK_PROVIDER_ICON,
  type ProviderIconRegistry,
} from "./components/provider-icons.tsx";
export {
  Banner,
  type BannerProps,
  ConnectionPanelSkeleton,
  EmptyState,
  type EmptyStateProps,
  ErrorState,
  type ErrorStateProps,
  ProviderCardSkeleton,
} from "./components/states.tsx";
export { STATUS_LABELS, StatusBadge, type StatusBadgeProps } from "./components/status-badge.tsx";
export {
  type CalendarConnectionsClient,
  type CalendarConnectionsClientOptions,
  CalendarConnectionsError,
  type ClientErrorCode,
  createCalendarConnectionsClient,
} from "./data/client.ts";
export {
  CalendarConnectionsClientProvider,
  type CalendarConnectionsClientProviderProps,
  useCalendarConnectionsClient,
} from "./data/context.tsx";
export {
  type ConnectVariables,
  type SelectCalendarVariables,
  useConnectProvider,
  useCreateConnection,
  useDisconnectConnection,
  useRefreshConnection,
  useRequeueDeadLetters,
  useSelectCalendar,
} from "./data/mutations.ts";
export {
  calendarConnectionsKeys,
  calendarsQueryOptions,
  connectionsQueryOptions,
  providersQueryOptions,
} from "./data/queries.ts";
export { MessagesProvider, type MessagesProviderProps, useLocale } from "./i18n/context.tsx";
export { en, type MessageOverrides, type Messages } from "./i18n/en.ts";
export { errorMessage, format, formatRelativeTime, mergeMessages } from "./i18n/format.ts";
// `attentionCount` lives only in the `./nav` entry, for server-rendered navigation.
export { type CalendarConnectionsNavItem, calendarConnectionsNavItem, DEFAULT_BASE_PATH } from "./nav.ts";
export { type OAuthOutcome, readOAuthReturn, withoutOAuthReturn } from "./page/oauth-return.ts";
export { CalendarConnectionsPage, type CalendarConnectionsPageProps } from "./page/page.tsx";
export {
  CalendarConnectionsProvider,
  type CalendarConnectionsProviderProps,
} from "./page/provider.tsx";
export {
  CalendarConnectionsRoot,
  type CalendarConnectionsRootProps,
  type CalendarConnectionsTheme,
} from "./page/root.tsx";
export {
  AddCalendarSection,
  CalendarConnectionsHeader,
  CalendarConnectionsLoadError,
  type CalendarConnectionsSectionProps,
  ConnectedSection,
  OAuthBanner,
} from "./page/sections.tsx";
export { type CalendarConnectionsPageState, useCalendarConnectionsPage } from "./page/state.tsx";
export type { CalendarConnectionsNotice } from "./page/use-feedback.ts";
