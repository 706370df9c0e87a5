import type { FakeDialect } from "./dialect.ts";
import type {
  FakeAccountSeed,
  FakeAccountState,
  FakeCalendarSeed,
  FakeCalendarState,
  FakeEventState,
} from "./model.ts";

/** The accounts of a fake and their calendars: seeding, lookup by email or id, calendar deletion. */
export class AccountDirectory {
  /** Every account, in the order they were added (the consent page lists them so). */
  readonly all: FakeAccountState[] = [];

  constructor(private readonly ids: Pick<FakeDialect, "newAccountId" | "newCalendarId">) {}

  /** Adds an account (with a primary and a secondary calendar unless told otherwise). */
  add(seed: FakeAccountSeed): FakeAccountState {
    const email = seed.email.toLowerCase();
    if (this.all.some((account) => account.email === email)) {
      throw new Error(`The fake already has an account ${email}.`);
    }
    const calendarSeeds = seed.calendars ?? [
      { name: email, primary: true },
      { name: "Team events", color: "#0b8043" },
    ];
    const account: FakeAccountState = {
      id: seed.id ?? this.ids.newAccountId(email),
      email,
      name: seed.name ?? email.split("@")[0] ?? email,
      mail: seed.mail === undefined ? email : seed.mail,
      withholdScopes: [...(seed.withholdScopes ?? [])],
      rateLimit: seed.rateLimit,
      calendars: [],
      window: { start: 0, count: 0 },
    };
    this.all.push(account);
    for (const calendar of calendarSeeds) this.addCalendar(email, calendar);
    return account;
  }

  /** Adds a calendar to an account. */
  addCalendar(email: string, seed: FakeCalendarSeed): FakeCalendarState {
    const account = this.require(email);
    const calendar: FakeCalendarState = {
      id: seed.id ?? this.ids.newCalendarId(account, seed),
      name: seed.name,
      primary: seed.primary ?? false,
      accessRole: seed.accessRole ?? "owner",
      timeZone: seed.timeZone ?? "UTC",
      color: seed.color ?? null,
      deleted: false,
      events: new Map(),
    };
    account.calendars.push(calendar);
    return calendar;
  }

  /** Deletes a calendar (and with it every event in it); later calls on it answer 404. */
  deleteCalendar(email: string, calendarId: string): void {
    const calendar = this.require(email).calendars.find((candidate) => candidate.id === calendarId);
    if (calendar === undefined) throw new Error(`No calendar ${calendarId} for ${email}.`);
    calendar.deleted = true;
    calendar.events.clear();
  }

  /** The events of a calendar (including Google's cancelled ones). */
  events(email: string, calendarId: string): FakeEventState[] {
    const calendar = this.require(email).calendars.find((candidate) => candidate.id === calendarId);
    return calendar === undefined ? [] : [...calendar.events.values()];
  }

  /** The account with this email (case-insensitive), if any. */
  find(email: string): FakeAccountState | undefined {
    const normalized = email.toLowerCase();
    return this.all.find((account) => account.email === normalized);
  }

  /** The account with this email; throws when there is none. */
  require(email: string): FakeAccountState {
    const account = this.find(email);
    if (account === undefined) throw new Error(`The fake has no account ${email}.`);
    return account;
  }

  /** The account with this id, if any. */
  byId(accountId: string): FakeAccountState | undefined {
    return this.all.find((account) => account.id === accountId);
  }

  /** The email of the account with this id, or "" once it is gone (revocation and inspection rows). */
  emailOf(accountId: string): string {
    return this.byId(accountId)?.email ?? "";
  }
}

/** A calendar of the account that is not deleted. */
export function liveCalendar(account: FakeAccountState, calendarId: string): FakeCalendarState | undefined {
  return account.calendars.find((calendar) => !calendar.deleted && calendar.id === calendarId);
}
