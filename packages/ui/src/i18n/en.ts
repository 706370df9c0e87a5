import type { CallbackErrorCode, ConnectionStatus, HealthReason } from "@org/calendar-connections-core";
import type { ClientErrorCode } from "../data/client.ts";

/**
 * Every visible string of the kit, in English. `{name}`-style placeholders are filled in by `format()`.
 * Hosts override any part of it through the `messages` prop; `de` is a complete German catalog.
 */
export const en = {
  pageTitle: "Calendar connections",
  pageDescription:
    "Connect your organization's calendar and the events you schedule here are added to it automatically.",
  connectedHeading: "Connected",
  addHeading: "Add a calendar",
  emptyTitle: "No calendar connected yet",
  emptyDescription: "Connect a calendar below and new events are synced into it within minutes.",
  loading: "Loading calendar connections…",
  loadErrorTitle: "Calendar connections could not be loaded",
  loadErrorDescription: "Check your connection and try again.",
  retry: "Try again",
  dismiss: "Dismiss",
  cancel: "Cancel",
  save: "Save",
  saving: "Saving…",
  connect: "Connect {provider}",
  connecting: "Redirecting to {provider}…",
  creating: "Creating…",
  notConfigured: "Not set up on this server yet. Ask your operator to add its credentials.",
  alreadyConnected: "Connected",
  capabilityWrites: "Writes events",
  capabilityPicker: "Choose the calendar",
  capabilityFeed: "Read-only subscription link",
  accountLabel: "Account",
  calendarLabel: "Calendar",
  noCalendar: "No calendar selected",
  changeCalendar: "Change",
  changeCalendarFor: "Change calendar for {provider}",
  lastSynced: "Last synced {time}",
  neverSynced: "Not synced yet",
  retryAt: "Next attempt {time}",
  reconnect: "Reconnect",
  retryNow: "Retry now",
  checking: "Checking…",
  actions: "More actions for {provider}",
  actionChangeCalendar: "Change calendar",
  actionCheck: "Check connection",
  actionCopyFeed: "Copy feed URL",
  actionDisconnect: "Disconnect",
  actionRequeue: "Retry failed events",
  /** After "Retry failed events": none, one, or `{count}` (chosen by `Intl.PluralRules`) requeued. */
  requeuedNone: "No failed events to retry.",
  requeuedOne: "1 event will be sent again.",
  requeuedOther: "{count} events will be sent again.",
  copied: "Feed URL copied.",
  copy: "Copy",
  feedTitle: "Your feed link",
  feedDescription:
    "Subscribe to this link in any calendar app. It is shown only now — copy it before you leave this page.",
  disconnectTitle: "Disconnect {provider}?",
  disconnectDescription:
    "Access is revoked at {provider} and syncing stops. Events already added to {calendar} stay there.",
  disconnectDescriptionNoCalendar: "Access is revoked at {provider} and syncing stops.",
  disconnectConfirm: "Disconnect",
  disconnecting: "Disconnecting…",
  disconnected: "{provider} disconnected.",
  pickerTitle: "Choose a calendar",
  pickerDescription: "Events are added to the calendar you choose. Only calendars you can edit are listed.",
  pickerPrimary: "Primary",
  pickerReadOnly: "Read-only",
  pickerEmpty: "This account has no calendar you can write to.",
  pickerLoadError: "The calendars could not be loaded.",
  calendarSelected: "Events now sync into {calendar}.",
  checked: "{provider} checked: {status}.",
  reconnectTitle: "Reconnect {provider}",
  formSubmit: "Connect",
  formSubmitting: "Connecting…",
  formOptional: "Optional",
  formChoose: "Choose…",
  formRequired: "{field} is required.",
  formTooLong: "{field} can be at most {max} characters long.",
  oauthConnected: "{provider} is connected.",
  oauthConnectedGeneric: "Your calendar is connected.",
  requestFailed: "That did not work: {reason}",
  status: {
    active: "Connected",
    needs_reauth: "Needs reconnect",
    error: "Sync failing",
    disconnected: "Disconnected",
  } satisfies Record<ConnectionStatus, string>,
  reasons: {
    token_revoked: "Access was revoked at the provider. Reconnect to resume syncing.",
    scope_missing: "Calendar access was not granted. Reconnect and allow access to your calendar.",
    refresh_failed: "The sign-in expired and could not be renewed. Reconnect to resume syncing.",
    provider_unavailable: "The calendar provider is not responding. Syncing resumes automatically.",
    calendar_not_found: "The selected calendar no longer exists. Choose another calendar.",
    rate_limited: "The provider asked us to slow down. Syncing resumes automatically.",
    credentials_unreadable:
      "The saved sign-in can no longer be read on the server. Reconnect to resume syncing.",
  } satisfies Record<HealthReason, string>,
  errors: {
    oauth_state_invalid: "The sign-in link was invalid or already used. Please try connecting again.",
    oauth_state_expired: "The sign-in took too long and expired. Please try connecting again.",
    oauth_denied: "Access was not granted, so nothing was connected.",
    oauth_exchange_failed: "The provider did not finish the sign-in. Please try again.",
    scope_missing: "Calendar access was not granted. Connect again and allow access to your calendar.",
    refresh_token_missing:
      "The provider did not allow lasting access. Connect again and accept every permission.",
    provider_not_configured: "This provider is not set up on the server yet.",
    provider_unavailable: "The calendar provider is not responding right now. Please try again shortly.",
    connection_exists: "Your organization is already connected to this provider.",
    storage_unavailable: "We could not save the connection. Please try again shortly.",
    internal_error: "Something went wrong on our side. Please try again.",
    unauthenticated: "Your session has ended. Sign in again to continue.",
    forbidden: "Only organization admins can manage calendar connections.",
    connection_not_found: "This connection no longer exists. Reload the page.",
    connection_disconnected: "This connection is already disconnected.",
    provider_not_enabled: "This provider is not enabled for your organization.",
    calendar_not_found: "That calendar no longer exists in the connected account.",
    calendar_not_writable: "The connected account cannot add events to that calendar.",
    credentials_rejected: "The provider refused these credentials. Check them and try again.",
    rate_limited: "Too many requests. Please wait a moment and try again.",
    credentials_unreadable:
      "The saved sign-in for this calendar can no longer be read. Reconnect it to continue.",
    validation_failed: "Some details are not right. Check the fields and try again.",
    network_error: "The server could not be reached. Check your connection and try again.",
    invalid_response: "The server sent an unexpected answer. Please try again.",
  } satisfies Record<CallbackErrorCode, string> & Partial<Record<ClientErrorCode, string>>,
  unknownError: "Something went wrong. Please try again.",
};

/** The shape of a message catalog. */
export type Messages = typeof en;

/** What a host may pass: any subset of the catalog, groups included. */
export type MessageOverrides = {
  [K in keyof Messages]?: Messages[K] extends string ? string : Partial<Messages[K]>;
};
