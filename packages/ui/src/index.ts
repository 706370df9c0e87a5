export { cn } from "./cn.ts";
export {
  CalendarPicker,
  type CalendarPickerProps,
  type CalendarPickerState,
} from "./components/calendar-picker.tsx";
export {
  ConnectButton,
  type ConnectButtonProps,
  type ConnectButtonState,
} from "./components/connect-button.tsx";
export {
  ConnectionActionsMenu,
  type ConnectionActionsMenuProps,
} from "./components/connection-actions-menu.tsx";
export {
  type ConnectionPending,
  ConnectionStatusPanel,
  type ConnectionStatusPanelProps,
} from "./components/connection-status-panel.tsx";
export { DisconnectDialog, type DisconnectDialogProps } from "./components/disconnect-dialog.tsx";
export { Button, type ButtonProps, type ButtonVariant } from "./components/primitives.tsx";
export { ProviderCard, type ProviderCardProps, type ProviderCardState } from "./components/provider-card.tsx";
export { ProviderIcon, type ProviderIconProps } from "./components/provider-icon.tsx";
export {
  ServiceAccountForm,
  type ServiceAccountFormProps,
  validateCalendarId,
} from "./components/service-account-form.tsx";
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
export { type CalendarConnectionsNavItem, calendarConnectionsNavItem } from "./nav.ts";
export { type OAuthOutcome, readOAuthReturn, withoutOAuthReturn } from "./page/oauth-return.ts";
export {
  CalendarConnectionsPage,
  type CalendarConnectionsPageProps,
  DEFAULT_BASE_PATH,
} from "./page/page.tsx";
export {
  CalendarConnectionsRoot,
  type CalendarConnectionsRootProps,
  type CalendarConnectionsTheme,
} from "./page/root.tsx";
