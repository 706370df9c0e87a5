import { parseCommandArgs } from "../../cli/args.ts";
import { COMMON_HELP, type Command } from "../../cli/command.ts";
import type { CalendarConnectionsCliConfig } from "../../cli/config.ts";
import { withEnvironment } from "../../cli/environment.ts";
import { CliError, EXIT } from "../../cli/errors.ts";
import type { CliIo } from "../../cli/io.ts";
import { newId } from "../../storage/ids.ts";
import type { CalendarStorage, ConnectionRecord } from "../../storage/types.ts";
import type { CalendarAllowList } from "./allow-list.ts";
import { type LegacyAssignment, readAssignments } from "./import-file.ts";
import { type GoogleServiceAccountPlugin, GOOGLE_SERVICE_ACCOUNT_ID as PROVIDER } from "./index.ts";

const HELP = `Usage: calendar-connections import-service-account --file <orgs.json> [--dry-run]
       [--organizations <id,id,…>] [options]

Turns the legacy "one service account for everyone" configuration into one google-service-account
connection per organization. Idempotent: an organization that already has that connection to the same
calendar is left unchanged, one with another calendar is switched to the file's calendar, one whose
service-account connection an admin disconnected is skipped, the rest are created. Every entry is
checked before anything is written.

  --file, -f <path>           the legacy configuration (JSON), either
                                [{ "organizationId": "org_acme", "calendarId": "ops@group.calendar.google.com",
                                   "calendarName": "Ops" }]          (calendarName optional)
                              or
                                { "org_acme": "ops@group.calendar.google.com" }
                              A calendar belongs to one organization: one listed for two is refused.
  --dry-run                   print what would change; write nothing
  --organizations <ids>       the organizations that exist (comma-separated, repeatable); or export
                              \`organizationExists(id)\` from the config module. One of them is required.

The same file is the provider's allow-list: the service account writes only into the calendars its
\`calendars\` option assigns to each organization, e.g.
\`googleServiceAccount({ calendars: legacyServiceAccountCalendars(JSON.parse(readFileSync("orgs.json", "utf8"))) })\`.
When the config module passes that provider, every entry must be on its organization's list there.
The sync uses these connections only for organizations the provider's \`enabledFor(id)\` opts in
(default: those with a calendar on the list), and only while they have no connection of their own.

Exit codes: 0 done, 2 usage, 3 bad file (missing, not JSON, wrong shape, a calendar for two
organizations, unknown organization, not on the provider's allow-list), 4 configuration (no storage,
no way to check organizations, the allow-list does not load), 1 a write failed.

${COMMON_HELP}`;

/** The config module's legacy provider, when it passes one. */
function pluginOf(config: CalendarConnectionsCliConfig): GoogleServiceAccountPlugin | null {
  const provider = config.providers?.find((candidate) => candidate.id === PROVIDER);
  return provider !== undefined && "account" in provider && "allowList" in provider
    ? (provider as GoogleServiceAccountPlugin)
    : null;
}

/** Entries the provider's allow-list would refuse: importing them would only make broken connections. */
async function offTheList(
  plugin: GoogleServiceAccountPlugin,
  assignments: readonly LegacyAssignment[],
): Promise<string[]> {
  let list: CalendarAllowList;
  try {
    list = await plugin.allowList();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(EXIT.config, `the service account's calendars did not load: ${reason}`);
  }
  return assignments
    .filter((entry) => list.organizationOf(entry.calendarId) !== entry.organizationId)
    .map((entry) => `${entry.organizationId} → ${entry.calendarId}: not on ${entry.organizationId}'s list`);
}

type Plan =
  | { readonly kind: "create"; readonly entry: LegacyAssignment }
  | {
      readonly kind: "update" | "unchanged" | "skip";
      readonly entry: LegacyAssignment;
      readonly record: ConnectionRecord;
    };

function organizationCheck(
  listed: readonly string[],
  config: CalendarConnectionsCliConfig,
): (organizationId: string) => Promise<boolean> {
  const known = new Set(
    listed
      .flatMap((value) => value.split(","))
      .map((id) => id.trim())
      .filter(Boolean),
  );
  const exists = config.organizationExists;
  if (known.size === 0 && exists === undefined) {
    throw new CliError(
      EXIT.config,
      "cannot tell which organizations exist: pass --organizations <id,id,…> or a --config module exporting organizationExists(id)",
    );
  }
  return async (organizationId) =>
    known.has(organizationId) || (exists !== undefined && (await exists(organizationId)));
}

async function planFor(storage: CalendarStorage, entry: LegacyAssignment): Promise<Plan> {
  const all = (await storage.listConnections(entry.organizationId, { includeDisconnected: true })).filter(
    (connection) => connection.provider === PROVIDER,
  );
  const existing = all.find((connection) => connection.status !== "disconnected");
  // An admin disconnected it: importing again must not undo that.
  const disconnected = all.at(-1);
  if (existing === undefined && disconnected !== undefined)
    return { kind: "skip", entry, record: disconnected };
  if (existing === undefined) return { kind: "create", entry };
  return { kind: existing.calendarId === entry.calendarId ? "unchanged" : "update", entry, record: existing };
}

async function apply(
  storage: CalendarStorage,
  plan: Plan,
  accountEmail: string | null,
): Promise<ConnectionRecord | null> {
  const { entry } = plan;
  const details = { calendarId: entry.calendarId, source: "cli import-service-account" };
  if (plan.kind === "unchanged" || plan.kind === "skip") return plan.record;
  if (plan.kind === "create") {
    return storage.createConnection({
      id: newId(),
      organizationId: entry.organizationId,
      provider: PROVIDER,
      exclusive: true,
      accountEmail,
      calendarId: entry.calendarId,
      calendarName: entry.calendarName ?? entry.calendarId,
      audit: { actorId: null, action: "connection.connected", details: { provider: PROVIDER, ...details } },
    });
  }
  const repairs = plan.record.health?.reason === "calendar_not_found";
  const updated = await storage.updateConnection(entry.organizationId, plan.record.id, {
    calendarId: entry.calendarId,
    calendarName: entry.calendarName ?? entry.calendarId,
    ...(repairs ? { status: "active", health: null } : {}),
    audit: {
      actorId: null,
      action: "connection.calendar_selected",
      details: { ...details, previousCalendarId: plan.record.calendarId },
    },
  });
  if (updated !== null && updated.status !== "needs_reauth") {
    await storage.resumeConnectionJobs(entry.organizationId, updated.id);
  }
  return updated;
}

function describe(plan: Plan, dryRun: boolean, record: ConnectionRecord | null): string {
  const { organizationId, calendarId } = plan.entry;
  const verb = { create: "created", update: "updated", unchanged: "unchanged", skip: "skipped" }[plan.kind];
  const label = dryRun && (plan.kind === "create" || plan.kind === "update") ? `would ${plan.kind}` : verb;
  const was =
    plan.kind === "update"
      ? ` (was ${plan.record.calendarId ?? "no calendar"})`
      : plan.kind === "skip"
        ? " (disconnected by an admin; reconnect it in the app instead)"
        : "";
  const id = record === null ? "" : ` [connection ${record.id}]`;
  return `${label.padEnd(12)} ${organizationId} → ${calendarId}${was}${id}`;
}

async function run(args: readonly string[], io: CliIo) {
  const flags = parseCommandArgs("import-service-account", args, {
    file: { type: "string", short: "f" },
    "dry-run": { type: "boolean" },
    organizations: { type: "string", multiple: true },
  });
  if (flags.file === undefined) {
    throw new CliError(
      EXIT.usage,
      "--file <orgs.json> is required (see calendar-connections import-service-account --help)",
    );
  }
  const dryRun = flags["dry-run"] === true;
  const assignments = await readAssignments(flags.file, io.cwd);
  return withEnvironment("import-service-account", flags, io, async ({ config, storage, where }) => {
    const exists = organizationCheck(flags.organizations ?? [], config);
    const unknown: string[] = [];
    for (const entry of assignments) {
      if (!(await exists(entry.organizationId))) unknown.push(entry.organizationId);
    }
    if (unknown.length > 0) {
      throw new CliError(
        EXIT.input,
        `${flags.file}: unknown organization(s): ${unknown.join(", ")}; nothing written`,
      );
    }
    const plugin = pluginOf(config);
    const refused = plugin === null ? [] : await offTheList(plugin, assignments);
    if (refused.length > 0) {
      throw new CliError(
        EXIT.input,
        `${flags.file}: not on the calendars the config's googleServiceAccount allows; nothing written:\n  ${refused.join("\n  ")}`,
      );
    }
    const accountEmail = plugin === null ? null : (plugin.account.subject ?? plugin.account.clientEmail);
    io.out(`${where}: ${assignments.length} organization(s) in ${flags.file}${dryRun ? " (dry run)" : ""}`);
    const counts = { create: 0, update: 0, unchanged: 0, skip: 0 };
    for (const entry of assignments) {
      const plan = await planFor(storage, entry);
      const record = dryRun
        ? plan.kind === "create"
          ? null
          : plan.record
        : await apply(storage, plan, accountEmail);
      counts[plan.kind] += 1;
      io.out(describe(plan, dryRun, record));
      const own = (await storage.listConnections(entry.organizationId)).filter(
        (connection) => connection.provider !== PROVIDER && connection.provider !== "ics",
      );
      if (own.length > 0) {
        io.out(
          `${"".padEnd(12)}   note: ${entry.organizationId} has its own ${own.map((c) => c.provider).join(", ")} connection; the service account is only its fallback`,
        );
      }
    }
    const tally = `${counts.create} ${dryRun ? "to create" : "created"}, ${counts.update} ${dryRun ? "to update" : "updated"}, ${counts.unchanged} unchanged, ${counts.skip} skipped`;
    io.out(dryRun ? `${tally} (dry run: nothing written)` : tally);
    return EXIT.ok;
  });
}

export const importServiceAccountCommand: Command = {
  name: "import-service-account",
  summary: "turn a legacy organization → calendar list into service-account connections",
  help: HELP,
  run,
};
