import { asRecord, json, readJsonObject } from "../util.ts";
import type {
  FakeAccessRole,
  FakeAccountSeed,
  FakeAccountState,
  FakeCalendarState,
  FakeEventState,
  FakeGrantState,
  FakeRateLimit,
  FakeRevocation,
} from "./model.ts";
import type { FakeFault, FakeFaultTarget } from "./types.ts";

/** The whole state of a fake, as `GET <base>/__inspect` returns it. */
export interface FakeInspection {
  readonly provider: "google" | "microsoft";
  readonly baseURL: string;
  readonly now: string;
  readonly accounts: readonly {
    readonly id: string;
    readonly email: string;
    readonly name: string;
    readonly calendars: readonly {
      readonly id: string;
      readonly name: string;
      readonly primary: boolean;
      readonly accessRole: FakeAccessRole;
      readonly deleted: boolean;
      readonly events: readonly FakeEventState[];
      /** The instances of the calendar's recurring events, as the provider expands them. */
      readonly instances: readonly FakeSeriesInstance[];
    }[];
  }[];
  readonly grants: readonly (FakeGrantState & {
    readonly email: string;
    readonly accessTokens: readonly string[];
    /** The grant's current (not rotated away) refresh token, if any. */
    readonly refreshToken: string | null;
    /** `rotated`: replaced by a rotation; `evicted`: pushed out by newer refresh tokens past the provider's limit. */
    readonly refreshTokens: readonly {
      readonly token: string;
      readonly rotated: boolean;
      readonly evicted: boolean;
    }[];
  })[];
  readonly revocations: readonly FakeRevocation[];
  readonly calls: Readonly<Record<string, number>>;
  readonly faults: readonly {
    readonly target: FakeFaultTarget;
    readonly fault: FakeFault;
    readonly remaining: number;
  }[];
  readonly latencyMs: number;
}

/** One instance of a recurring event, as an inspection lists it (times in UTC). */
export interface FakeSeriesInstance {
  /** The id of the series (its master event). */
  readonly seriesId: string;
  readonly id: string;
  readonly start: string;
  readonly end: string;
  /** Moved or changed from what the rule says. */
  readonly changed: boolean;
  readonly cancelled: boolean;
}

/** The accounts of an inspection: what a test looks at, with each calendar's events and series instances. */
export function inspectAccounts(
  accounts: readonly FakeAccountState[],
  instancesOf: (calendar: FakeCalendarState) => FakeSeriesInstance[] = () => [],
): FakeInspection["accounts"] {
  return accounts.map((account) => ({
    id: account.id,
    email: account.email,
    name: account.name,
    calendars: account.calendars.map((calendar) => ({
      id: calendar.id,
      name: calendar.name,
      primary: calendar.primary,
      accessRole: calendar.accessRole,
      deleted: calendar.deleted,
      events: [...calendar.events.values()],
      instances: instancesOf(calendar),
    })),
  }));
}

/** The controls `POST <base>/__control` drives (`FakeProvider` implements them). */
export interface FakeControls {
  addAccount(seed: FakeAccountSeed): unknown;
  revokeGrants(email: string): number;
  deleteCalendar(email: string, calendarId: string): void;
  expireAccessTokens(): void;
  injectFault(target: FakeFaultTarget, fault: FakeFault, times?: number): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  setRateLimit(limit: FakeRateLimit | null, email?: string): void;
  setWithheldScopes(email: string, scopes: readonly string[]): void;
}

/** `POST <base>/__control` with `{ action, … }`: the control API over HTTP, for other processes. */
export async function controlRequest(request: Request, controls: FakeControls): Promise<Response> {
  const body = await readJsonObject(request);
  const action = body?.action;
  const str = (key: string): string => {
    const value = body?.[key];
    if (typeof value !== "string") throw new Error(`${key} must be a string`);
    return value;
  };
  try {
    switch (action) {
      case "addAccount":
        // Not validated here: a malformed seed throws in addAccount and answers invalid_control.
        controls.addAccount(asRecord(body?.account) as unknown as FakeAccountSeed);
        break;
      case "revokeGrants":
        return json({ revoked: controls.revokeGrants(str("email")) });
      case "deleteCalendar":
        controls.deleteCalendar(str("email"), str("calendarId"));
        break;
      case "expireAccessTokens":
        controls.expireAccessTokens();
        break;
      case "injectFault":
        controls.injectFault(
          str("target") as FakeFaultTarget,
          asRecord(body?.fault) as unknown as FakeFault,
          typeof body?.times === "number" ? body.times : 1,
        );
        break;
      case "clearFaults":
        controls.clearFaults();
        break;
      case "setLatency":
        controls.setLatency(typeof body?.ms === "number" ? body.ms : 0);
        break;
      case "setRateLimit":
        controls.setRateLimit(
          (asRecord(body?.limit) as FakeRateLimit | null) ?? null,
          typeof body?.email === "string" ? body.email : undefined,
        );
        break;
      case "setWithheldScopes":
        controls.setWithheldScopes(str("email"), Array.isArray(body?.scopes) ? body.scopes.map(String) : []);
        break;
      default:
        return json({ error: "unknown_action" }, 400);
    }
  } catch (error) {
    return json({ error: "invalid_control", message: error instanceof Error ? error.message : "" }, 400);
  }
  return json({ ok: true });
}
