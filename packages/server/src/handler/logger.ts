/**
 * Structured log fields; never put a token, code, verifier or cookie here. The kit's handler also
 * passes every string field through `redactSecrets` on its way to the host's logger, as a backstop
 * for free text (error messages) that may carry one.
 */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** Where the kit writes its log lines. Fields never carry tokens, secrets or event contents. */
export interface Logger {
  /** Routine events (a connection made, a batch of jobs run). */
  info(message: string, fields?: LogFields): void;
  /** Something failed that the kit recovers from (a retried job, a refused request). */
  warn(message: string, fields?: LogFields): void;
  /** Something failed that an operator should look at. */
  error(message: string, fields?: LogFields): void;
}

/** One JSON line per entry on stderr; hosts pass their own logger to route it elsewhere. */
export const consoleLogger: Logger = {
  info: (message, fields) => console.info(JSON.stringify({ level: "info", message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: "warn", message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: "error", message, ...fields })),
};

const REDACTED = "[redacted]";

// Shapes credentials take inside free text: drivers echo connection strings and query parameters,
// HTTP clients echo URLs and headers. Ids (32 hex characters) and the kit's error codes stay readable.
const CREDENTIAL_SHAPES: readonly (readonly [RegExp, string])[] = [
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${REDACTED}`],
  // The password of `scheme://user:password@host`.
  [/(\/\/[^\s/:@]+:)[^\s/@]+@/g, `$1${REDACTED}@`],
  // `code=…`, `state: …`, `"refresh_token":"…"`, `client_secret=…`, `password=…`, `x-api-key: …`.
  [
    /(?<![\w-])([\w-]*(?:token|secret|password|passwd|api[_-]?key|verifier|assertion)|code|state|cookie|pwd)(["']?\s*[:=]\s*["']?)[^\s"'&,;]+/gi,
    `$1$2${REDACTED}`,
  ],
  // JSON Web Tokens (Microsoft's access tokens, service-account assertions).
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, REDACTED],
  // Long opaque runs: the kit's feed tokens, states and nonces are 43 characters, providers' longer.
  [/[\w-]{40,}/g, REDACTED],
];

/**
 * Replaces what looks like a credential in free text (an error message) with `[redacted]`, and every
 * occurrence of the `known` secrets (the cron secret) whatever their shape.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let result = text;
  // Short values would redact ordinary words.
  for (const secret of known) if (secret.length >= 8) result = result.split(secret).join(REDACTED);
  for (const [shape, replacement] of CREDENTIAL_SHAPES) result = result.replace(shape, replacement);
  return result;
}

/** The host's logger behind `redactSecrets`: what any log call of the kit writes passes through it. */
export function redactingLogger(logger: Logger, known: readonly (string | undefined)[] = []): Logger {
  const secrets = known.filter((secret): secret is string => secret !== undefined);
  const clean = (fields: LogFields | undefined): LogFields | undefined => {
    if (fields === undefined) return undefined;
    const cleaned: Record<string, LogFields[string]> = {};
    for (const [name, value] of Object.entries(fields)) {
      cleaned[name] = typeof value === "string" ? redactSecrets(value, secrets) : value;
    }
    return cleaned;
  };
  return {
    info: (message, fields) => logger.info(message, clean(fields)),
    warn: (message, fields) => logger.warn(message, clean(fields)),
    error: (message, fields) => logger.error(message, clean(fields)),
  };
}

/**
 * Describes an unexpected error for a log line or a job's last error: its class and message, with
 * credential-shaped parts redacted, never its cause chain's payloads.
 */
export function describeError(error: unknown): string {
  if (error instanceof Error) return redactSecrets(`${error.name}: ${error.message}`);
  return typeof error;
}
