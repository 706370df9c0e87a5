import {
  type Calendar,
  type CreateConnectionBody,
  type CreateConnectionResponse,
  toFieldIssues,
} from "@org/calendar-connections-core";
import { ApiError } from "../http/api-error.ts";
import { reconnectedPatch } from "../notifications/notice.ts";
import type { CalendarProvider, FormConnect, FormVerification, InstantConnect } from "../providers/define.ts";
import { isProviderError } from "../providers/errors.ts";
import { StorageConflictError } from "../storage/errors.ts";
import { newId } from "../storage/ids.ts";
import { toConnection } from "../storage/mapper.ts";
import type { TokenWrite } from "../storage/types.ts";
import { toApiError } from "./connections-op.ts";
import type { Kit } from "./kit.ts";
import {
  accessForNewAccount,
  backfillNewConnection,
  newAccountConnection,
  soleWritableCalendar,
} from "./new-connection.ts";
import type { Actor } from "./options.ts";
import { isConfigured, isEnabled } from "./providers-op.ts";
import { requireAdmin } from "./session.ts";

/** The provider a body names, offered to this organization and connectable without OAuth. */
async function connectableProvider(kit: Kit, actor: Actor, id: string): Promise<CalendarProvider> {
  const provider = kit.providers.get(id);
  if (provider === null) throw new ApiError("provider_unknown");
  if (provider.connect.kind === "oauth") {
    throw new ApiError("validation_failed", {
      detail: `${id} connects through OAuth: POST /oauth/${id}/start.`,
      errors: [{ path: "provider", message: "Connect this provider through OAuth." }],
    });
  }
  if (!isConfigured(kit, provider)) throw new ApiError("provider_not_configured");
  if (!(await isEnabled(provider, actor.organizationId))) throw new ApiError("provider_not_enabled");
  return provider;
}

async function createInstant(
  kit: Kit,
  actor: Actor,
  provider: CalendarProvider,
  connect: InstantConnect,
): Promise<CreateConnectionResponse> {
  const created = await connect.create({ actor, services: kit.services });
  const connection = await kit.storage.createConnection({
    id: newId(kit.now().getTime()),
    organizationId: actor.organizationId,
    userId: actor.userId,
    provider: provider.id,
    exclusive: !provider.capabilities.multiplePerOrganization,
    calendarName: created.calendarName ?? null,
    feedTokenHash: created.feedTokenHash ?? null,
    createdBy: actor.userId,
    audit: {
      actorId: actor.userId,
      action: "connection.connected",
      details: { provider: provider.id },
      notify: { kind: "connected" },
    },
  });
  return {
    connection: toConnection(connection),
    ...(created.feedUrl === undefined ? {} : { feedUrl: created.feedUrl }),
  };
}

/** Checks the form against the provider's schema (400 per field), then the credentials at the provider. */
async function verifyForm(
  actor: Actor,
  connect: FormConnect<unknown>,
  body: CreateConnectionBody,
  locale: string | null,
): Promise<FormVerification> {
  const parsed = connect.schema.safeParse(body.input ?? {});
  if (!parsed.success) {
    throw new ApiError("validation_failed", {
      errors: toFieldIssues(parsed.error).map((issue) => ({ ...issue, path: `input.${issue.path}` })),
    });
  }
  try {
    return await connect.verify(parsed.data, {
      organizationId: actor.organizationId,
      actorId: actor.userId,
      locale,
    });
  } catch (error) {
    // Refused credentials are a typo or a revoked app password, not a revoked grant to reconnect.
    if (isProviderError(error, "unauthorized", "invalid_grant", "forbidden")) {
      throw new ApiError("credentials_rejected", { cause: error });
    }
    throw toApiError(error);
  }
}

async function createFromForm(
  kit: Kit,
  actor: Actor,
  provider: CalendarProvider,
  connect: FormConnect<unknown>,
  body: CreateConnectionBody,
  locale: string | null,
): Promise<CreateConnectionResponse> {
  const verification = await verifyForm(actor, connect, body, locale);
  const { identity, secrets } = verification;
  const seal = (connectionId: string): Promise<TokenWrite> | null =>
    secrets === undefined ? null : kit.tokens.sealSecret(actor.organizationId, connectionId, secrets);
  // The same account again is a reconnect: new credentials on the existing connection.
  const existing =
    identity.accountId === null
      ? null
      : await kit.storage.findConnectionByAccount(actor.organizationId, provider.id, identity.accountId);
  if (existing !== null) {
    const tokens = await seal(existing.id);
    const updated = await kit.storage.updateConnection(actor.organizationId, existing.id, {
      ...(tokens === null ? {} : { tokens }),
      ...reconnectedPatch({
        actorId: actor.userId,
        providerId: provider.id,
        previous: existing.status,
        accountEmail: identity.email,
      }),
    });
    if (updated === null) throw new ApiError("connection_not_found");
    await kit.storage.resumeConnectionJobs(actor.organizationId, existing.id);
    return { connection: toConnection(updated) };
  }
  const id = newId(kit.now().getTime());
  let target: Calendar | undefined = verification.calendar;
  try {
    target ??= await soleWritableCalendar(
      provider,
      accessForNewAccount(id, actor.organizationId, identity, { accessToken: null, secrets: secrets ?? {} }),
    );
  } catch (error) {
    throw toApiError(error);
  }
  const connection = await kit.storage.createConnection(
    newAccountConnection({
      id,
      organizationId: actor.organizationId,
      actor,
      provider,
      account: identity,
      target,
      tokens: await seal(id),
    }),
  );
  await backfillNewConnection(kit, connection);
  return { connection: toConnection(connection) };
}

/**
 * `POST /connections`: connects a provider that does not use OAuth: an `instant` one with one click,
 * a `form` one with the values its schema accepts and its `verify` confirms.
 */
export async function createConnection(
  kit: Kit,
  actor: Actor,
  body: CreateConnectionBody,
  locale: string | null = null,
): Promise<CreateConnectionResponse> {
  requireAdmin(actor);
  const provider = await connectableProvider(kit, actor, body.provider);
  const { connect } = provider;
  try {
    if (connect.kind === "instant") {
      if (body.input !== undefined) {
        throw new ApiError("validation_failed", {
          errors: [{ path: "input", message: `${provider.id} takes no input.` }],
        });
      }
      return await createInstant(kit, actor, provider, connect);
    }
    if (connect.kind === "form") return await createFromForm(kit, actor, provider, connect, body, locale);
    throw new ApiError("provider_unknown");
  } catch (error) {
    if (error instanceof StorageConflictError) throw new ApiError("connection_exists", { cause: error });
    throw error;
  }
}
