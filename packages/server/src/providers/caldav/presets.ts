import type { ProviderIcon } from "@org/calendar-connections-core";
import type { FormFieldDefinition } from "../define.ts";
import type { Localized } from "../localize.ts";

/** What differs between CalDAV services: texts, the fixed server (if any), which hosts may answer. */
export interface CalDavPreset<Id extends string = string> {
  readonly id: Id;
  readonly name: Localized;
  readonly description: Localized;
  readonly icon: ProviderIcon;
  /** The fixed server (iCloud, Fastmail); null: the admin types it. */
  readonly server: string | null;
  /** Hosts the preset may talk to by default (the fixed server and its partitions); null: any https host. */
  readonly allowServer: ((url: URL) => boolean) | null;
  readonly fields: readonly FormFieldDefinition[];
  /** What a 401 means at this service; shown under the password field and as the connection's health. */
  readonly unauthorized: Localized;
}

const serverField = (placeholder: string, help: Localized): FormFieldDefinition => ({
  name: "serverUrl",
  label: { en: "Server URL", de: "Server-URL" },
  type: "url",
  placeholder,
  help,
  autoComplete: "url",
});

const usernameField = (label: Localized, placeholder?: string): FormFieldDefinition => ({
  name: "username",
  label,
  type: "text",
  autoComplete: "username",
  ...(placeholder === undefined ? {} : { placeholder }),
});

const passwordField = (label: Localized, help: Localized): FormFieldDefinition => ({
  name: "appPassword",
  label,
  type: "secret",
  help,
  autoComplete: "off",
});

const APP_PASSWORD: Localized = { en: "App password", de: "App-Passwort" };
const USERNAME: Localized = { en: "Username", de: "Benutzername" };

// Simple marks drawn in the card's currentColor; a host can swap them for the services' own logos.
const mark = (letter: string): ProviderIcon => ({
  type: "svg",
  svg: `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><rect x="3" y="4" width="18" height="17" rx="3" fill="none" stroke="currentColor" stroke-width="1.5"/><path d="M3 9h18" stroke="currentColor" stroke-width="1.5"/><text x="12" y="18.5" font-size="8" font-family="sans-serif" text-anchor="middle" fill="currentColor">${letter}</text></svg>`,
});

/** iCloud answers at caldav.icloud.com and moves each account to a partition host, `pNN-caldav.icloud.com`. */
const ICLOUD_HOST = /^(?:caldav|p\d{1,3}-caldav)\.icloud\.com$/;

/** iCloud: Apple ID email and an app-specific password; a normal Apple ID password is refused. */
export const ICLOUD: CalDavPreset<"icloud"> = {
  id: "icloud",
  name: "iCloud Calendar",
  description: {
    en: "Sync events into an iCloud calendar with an app-specific password.",
    de: "Termine mit einem app-spezifischen Passwort in einen iCloud-Kalender synchronisieren.",
  },
  icon: mark("iC"),
  server: "https://caldav.icloud.com",
  allowServer: (url) => url.protocol === "https:" && ICLOUD_HOST.test(url.hostname),
  fields: [
    usernameField({ en: "Apple ID email", de: "E-Mail-Adresse der Apple-ID" }, "name@icloud.com"),
    passwordField(
      { en: "App-specific password", de: "App-spezifisches Passwort" },
      {
        en: "Not your Apple ID password: create an app-specific password at appleid.apple.com under Sign-In and Security → App-Specific Passwords.",
        de: "Nicht das Passwort der Apple-ID: Erstellen Sie ein app-spezifisches Passwort auf appleid.apple.com unter „Anmeldung und Sicherheit“ → „App-spezifische Passwörter“.",
      },
    ),
  ],
  unauthorized: {
    en: "iCloud refused this Apple ID and password: the app-specific password was revoked or mistyped. A normal Apple ID password does not work here; create an app-specific password at appleid.apple.com under Sign-In and Security → App-Specific Passwords.",
    de: "iCloud hat diese Apple-ID und dieses Passwort abgelehnt: Das app-spezifische Passwort wurde widerrufen oder falsch eingegeben. Das normale Passwort der Apple-ID funktioniert hier nicht; erstellen Sie ein app-spezifisches Passwort auf appleid.apple.com unter „Anmeldung und Sicherheit“ → „App-spezifische Passwörter“.",
  },
};

/** Fastmail: the account's email and an app password with CalDAV access. */
export const FASTMAIL: CalDavPreset<"fastmail"> = {
  id: "fastmail",
  name: "Fastmail",
  description: {
    en: "Sync events into a Fastmail calendar with an app password.",
    de: "Termine mit einem App-Passwort in einen Fastmail-Kalender synchronisieren.",
  },
  icon: mark("F"),
  server: "https://caldav.fastmail.com",
  allowServer: (url) => url.protocol === "https:" && url.hostname === "caldav.fastmail.com",
  fields: [
    usernameField({ en: "Fastmail email", de: "Fastmail-E-Mail-Adresse" }, "name@fastmail.com"),
    passwordField(APP_PASSWORD, {
      en: "Create one in Fastmail under Settings → Privacy & Security → App passwords, with access to calendars (CalDAV).",
      de: "Erstellen Sie eines in Fastmail unter Einstellungen → Datenschutz & Sicherheit → App-Passwörter, mit Zugriff auf Kalender (CalDAV).",
    }),
  ],
  unauthorized: {
    en: "Fastmail refused this email and app password: the app password was revoked or mistyped, or it has no calendar (CalDAV) access.",
    de: "Fastmail hat diese E-Mail-Adresse und dieses App-Passwort abgelehnt: Das App-Passwort wurde widerrufen oder falsch eingegeben, oder es hat keinen Kalenderzugriff (CalDAV).",
  },
};

/** Nextcloud: the instance's address, the user and an app password. */
export const NEXTCLOUD: CalDavPreset<"nextcloud"> = {
  id: "nextcloud",
  name: "Nextcloud Calendar",
  description: {
    en: "Sync events into a Nextcloud calendar with an app password.",
    de: "Termine mit einem App-Passwort in einen Nextcloud-Kalender synchronisieren.",
  },
  icon: mark("N"),
  server: null,
  allowServer: null,
  fields: [
    serverField("https://cloud.example.com", {
      en: "The address you open Nextcloud at.",
      de: "Die Adresse, unter der Sie Nextcloud öffnen.",
    }),
    usernameField(USERNAME),
    passwordField(APP_PASSWORD, {
      en: "Create one in Nextcloud under Settings → Security → Devices & sessions → Create new app password.",
      de: "Erstellen Sie eines in Nextcloud unter Einstellungen → Sicherheit → Geräte & Sitzungen → Neues App-Passwort erstellen.",
    }),
  ],
  unauthorized: {
    en: "Nextcloud refused this username and app password: the app password was revoked or mistyped.",
    de: "Nextcloud hat diesen Benutzernamen und dieses App-Passwort abgelehnt: Das App-Passwort wurde widerrufen oder falsch eingegeben.",
  },
};

/** Any CalDAV server: its address, a username and a password (an app password where the server has them). */
export const OTHER_CALDAV: CalDavPreset<"caldav"> = {
  id: "caldav",
  name: { en: "Other CalDAV server", de: "Anderer CalDAV-Server" },
  description: {
    en: "Sync events into a calendar on any CalDAV server.",
    de: "Termine in einen Kalender auf einem beliebigen CalDAV-Server synchronisieren.",
  },
  icon: mark("DAV"),
  server: null,
  allowServer: null,
  fields: [
    serverField("https://dav.example.com", {
      en: "The server's address; the calendars are found from it.",
      de: "Die Adresse des Servers; die Kalender werden darüber gefunden.",
    }),
    usernameField(USERNAME),
    passwordField(
      { en: "Password or app password", de: "Passwort oder App-Passwort" },
      {
        en: "Use an app password if your server offers them.",
        de: "Verwenden Sie ein App-Passwort, wenn Ihr Server welche anbietet.",
      },
    ),
  ],
  unauthorized: {
    en: "The server refused this username and password: the app-specific password was revoked or mistyped.",
    de: "Der Server hat diesen Benutzernamen und dieses Passwort abgelehnt: Das app-spezifische Passwort wurde widerrufen oder falsch eingegeben.",
  },
};
