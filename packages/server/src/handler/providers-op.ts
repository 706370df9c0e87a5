import type { FormField, Provider } from "@org/calendar-connections-core";
import type { CalendarProvider, FormFieldDefinition } from "../providers/define.ts";
import { localize } from "../providers/localize.ts";
import type { Kit } from "./kit.ts";
import type { Actor } from "./options.ts";
import { requireAdmin } from "./session.ts";

/** Whether the server has what a provider needs (the host's `listEvents` for a feed, …). */
export function isConfigured(kit: Kit, provider: CalendarProvider): boolean {
  return provider.isConfigured?.({ hasListEvents: kit.options.listEvents !== undefined }) ?? true;
}

/** Whether an opt-in provider is offered to this organization (others always are). */
export async function isEnabled(provider: CalendarProvider, organizationId: string): Promise<boolean> {
  return (await provider.enabledFor?.(organizationId)) ?? true;
}

function describeField(field: FormFieldDefinition, locale: string | null): FormField {
  return {
    name: field.name,
    label: localize(field.label, locale),
    type: field.type,
    required: field.required ?? true,
    ...(field.help === undefined ? {} : { help: localize(field.help, locale) }),
    ...(field.placeholder === undefined ? {} : { placeholder: localize(field.placeholder, locale) }),
    ...(field.maxLength === undefined ? {} : { maxLength: field.maxLength }),
    ...(field.autoComplete === undefined ? {} : { autoComplete: field.autoComplete }),
    ...(field.options === undefined
      ? {}
      : {
          options: field.options.map((option) => ({
            value: option.value,
            label: localize(option.label, locale),
          })),
        }),
    ...(field.defaultValue === undefined ? {} : { defaultValue: field.defaultValue }),
  };
}

/** A provider as the wire shows it, in one locale: no server-only fact (scopes, endpoints) leaves. */
export function describeProvider(
  provider: CalendarProvider,
  locale: string | null,
): Omit<Provider, "configured" | "enabled"> {
  const { connect } = provider;
  return {
    id: provider.id,
    name: localize(provider.name, locale),
    description: localize(provider.description, locale),
    capabilities: provider.capabilities,
    icon: provider.icon,
    connect:
      connect.kind === "oauth"
        ? { kind: "oauth" }
        : connect.kind === "form"
          ? {
              kind: "form",
              fields: connect.fields.map((field) => describeField(field, locale)),
              ...(connect.submitLabel === undefined
                ? {}
                : { submitLabel: localize(connect.submitLabel, locale) }),
            }
          : {
              kind: "instant",
              ...(connect.actionLabel === undefined
                ? {}
                : { actionLabel: localize(connect.actionLabel, locale) }),
            },
  };
}

/**
 * A value fixed for a kit and a locale, computed on first use. Locales come from requests: a few are
 * kept, never an unbounded set.
 */
function perKitAndLocale<T>(
  compute: (kit: Kit, locale: string | null) => T,
): (kit: Kit, locale: string | null) => T {
  const cache = new WeakMap<Kit, Map<string, T>>();
  return (kit, locale) => {
    let byLocale = cache.get(kit);
    if (byLocale === undefined) {
      byLocale = new Map();
      cache.set(kit, byLocale);
    }
    const key = locale ?? "";
    let value = byLocale.get(key);
    if (value === undefined) {
      value = compute(kit, locale);
      if (byLocale.size < 16) byLocale.set(key, value);
    }
    return value;
  };
}

// What the configuration says about each provider is fixed for a kit: work it out once per kit and locale.
const configuredCatalog = perKitAndLocale((kit, locale): readonly Omit<Provider, "enabled">[] =>
  kit.providers.list.map((provider) => ({
    ...describeProvider(provider, locale),
    configured: isConfigured(kit, provider),
  })),
);

const LOCALE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The locale a request asks for: `?locale=`, else the first tag of Accept-Language, else none (English). */
export function requestLocale(request: Request, query: URLSearchParams): string | null {
  const named = query.get("locale") ?? request.headers.get("accept-language")?.split(",")[0];
  const tag = named?.split(";")[0]?.trim() ?? "";
  return LOCALE.test(tag) ? tag : null;
}

// When no provider is opt-in, the whole answer is fixed per kit and locale: serialize it once.
const fixedAnswer = perKitAndLocale((kit, locale): string =>
  JSON.stringify({
    providers: configuredCatalog(kit, locale).map((entry) => ({ ...entry, enabled: true })),
  }),
);

/**
 * The body of `GET /providers` as JSON text. An answer that cannot differ between organizations (no
 * provider has `enabledFor`) is serialized once per locale.
 */
export async function providersAnswer(kit: Kit, actor: Actor, locale: string | null): Promise<string> {
  requireAdmin(actor);
  if (kit.providers.list.some((provider) => provider.enabledFor !== undefined)) {
    return JSON.stringify({ providers: await listProviders(kit, actor, locale) });
  }
  return fixedAnswer(kit, locale);
}
/** `GET /providers`: the host's providers in its order, with what this server and organization allow. */
export async function listProviders(
  kit: Kit,
  actor: Actor,
  locale: string | null = null,
): Promise<Provider[]> {
  requireAdmin(actor);
  const enabled = await Promise.all(
    kit.providers.list.map((provider) => isEnabled(provider, actor.organizationId)),
  );
  return configuredCatalog(kit, locale).map((entry, index) => ({
    ...entry,
    enabled: enabled[index] ?? true,
  }));
}
