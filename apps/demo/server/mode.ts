import { isIPv4, isIPv6 } from "node:net";

/** An explicit opt-in: a command-line flag, or its environment variable set to `1` (`0` forbids it). */
export interface DemoSwitch {
  readonly flag: `--${string}`;
  readonly env: string;
}

/** The switches the demo server understands; nothing risky happens without one of them. */
export const SWITCHES = {
  /** Demo sign-in and the fake providers may run (`npm start` passes it). */
  demoMode: { flag: "--demo-mode", env: "DEMO_MODE" },
  /** The demo may be reachable from other machines (a non-loopback `HOST` or `PUBLIC_URL`). */
  allowPublic: { flag: "--allow-public-demo", env: "DEMO_ALLOW_PUBLIC" },
  /** Real Google or Microsoft credentials may be used behind the demo's password-less sign-in. */
  allowRealProviders: { flag: "--allow-real-providers", env: "DEMO_ALLOW_REAL_PROVIDERS" },
} as const satisfies Record<string, DemoSwitch>;

/** What the operator opted into, one boolean per switch. */
export type DemoOptIns = Readonly<Record<keyof typeof SWITCHES, boolean>>;

/** What a start would expose, as read from the flags and the environment. */
export interface StartRequest {
  readonly optIns: DemoOptIns;
  /** The address the server listens on. */
  readonly host: string;
  readonly publicURL: string;
  /** `POST /demo/reset` (wipes every organization) is on. */
  readonly resetEnabled: boolean;
  /** Providers with real credentials, by name, each with the variables that set them. */
  readonly realProviders: readonly { readonly name: string; readonly variables: string }[];
  /** Paths of the fake providers that would be mounted (each publishes its tokens at `<path>/__inspect`). */
  readonly fakePaths: readonly string[];
}

/** Either the start may go ahead (with a warning per risk that was opted into), or why it may not. */
export type StartDecision =
  | { readonly ok: true; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly refusals: readonly string[] };

/** How to turn a switch on, for messages. */
export function describeSwitch(demoSwitch: DemoSwitch): string {
  return `${demoSwitch.flag} (or ${demoSwitch.env}=1)`;
}

/**
 * Whether a host name or address, as written in `HOST` or a URL, names this machine only:
 * `localhost`, 127.0.0.0/8 or ::1. Anything else, `0.0.0.0` and `::` included, counts as public.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (isIPv4(bare)) return bare.startsWith("127.");
  // The URL parser writes every spelling of an IPv6 address in one canonical form.
  if (isIPv6(bare)) return new URL(`http://[${bare}]`).hostname === "[::1]";
  return false;
}

/** Why the demo would be reachable from other machines; empty when it stays on this one. */
function publicExposure(request: StartRequest): string[] {
  const reasons: string[] = [];
  if (!isLoopbackHost(request.host)) reasons.push(`HOST=${request.host} listens beyond this machine`);
  if (!isLoopbackHost(new URL(request.publicURL).hostname))
    reasons.push(`PUBLIC_URL ${request.publicURL} is not a loopback address`);
  return reasons;
}

function whatIsExposed(request: StartRequest): string {
  const inspect = request.fakePaths.map((path) => `${path}/__inspect`).join(" and ");
  return (
    "anyone who reaches it can sign in as any seeded admin (there are no passwords)" +
    (inspect === "" ? "" : ` and read every token the fakes issued at ${inspect}`)
  );
}

/**
 * Decides whether the demo may start. It refuses without demo mode; it refuses to be reachable from
 * other machines, or to use real provider credentials, unless each was opted into (and then warns);
 * and it never allows `/demo/reset` on a public demo. Every refusal is listed, not only the first.
 */
export function decideStart(request: StartRequest): StartDecision {
  const refusals: string[] = [];
  const warnings: string[] = [];
  if (!request.optIns.demoMode)
    refusals.push(
      "This server is the demo: its sign-in makes anyone any seeded user without a password, and its fake " +
        `providers publish every token they issue. It starts only in demo mode: ${describeSwitch(SWITCHES.demoMode)}; ` +
        "npm start passes it.",
    );

  const exposure = publicExposure(request).join(", and ");
  if (exposure !== "") {
    if (request.resetEnabled)
      refusals.push(
        `DEMO_ALLOW_RESET=1 lets anyone erase every organization's data, but ${exposure}: reset is for the ` +
          "e2e run on this machine only. Unset DEMO_ALLOW_RESET.",
      );
    if (request.optIns.allowPublic)
      warnings.push(`PUBLIC DEMO: ${exposure}; ${whatIsExposed(request)}. Put no real data in it.`);
    else
      refusals.push(
        `${exposure}: ${whatIsExposed(request)}. Leave HOST and PUBLIC_URL unset to keep the demo on this ` +
          `machine, or opt in with ${describeSwitch(SWITCHES.allowPublic)}.`,
      );
  }

  if (request.realProviders.length > 0) {
    const names = request.realProviders.map((provider) => provider.name).join(" and ");
    const variables = request.realProviders.map((provider) => provider.variables).join(", ");
    if (request.optIns.allowRealProviders)
      warnings.push(
        `REAL PROVIDERS: ${names} ${request.realProviders.length > 1 ? "use" : "uses"} real credentials; ` +
          "accounts connected here are real, and anyone who " +
          "can sign in to this demo (no passwords) can connect one and write into its calendars.",
      );
    else
      refusals.push(
        `${variables} are set: the demo would connect real ${names} accounts behind a sign-in with no ` +
          `passwords. Unset them to use the fakes, or opt in with ${describeSwitch(SWITCHES.allowRealProviders)}.`,
      );
  }
  return refusals.length > 0 ? { ok: false, refusals } : { ok: true, warnings };
}

/**
 * Throws unless the configuration is in demo mode. Demo sign-in and the fake providers call it before
 * they mount, so an entry point other than `main.ts` cannot serve them by accident either.
 */
export function requireDemoMode(config: { readonly demoMode: boolean }, what: string): void {
  if (!config.demoMode)
    throw new Error(
      `Refusing to start ${what} outside demo mode: pass ${describeSwitch(SWITCHES.demoMode)}.`,
    );
}
