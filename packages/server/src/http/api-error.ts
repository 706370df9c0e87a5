import { ERROR_CODES, type ErrorCode, type FieldIssue } from "@org/calendar-connections-core";

export interface ApiErrorOptions {
  /** A sentence for this occurrence; never contains a secret. */
  detail?: string;
  /** For `validation_failed`: the invalid fields. */
  errors?: FieldIssue[];
  /** For rate limits and outages: when to try again. */
  retryAt?: Date;
  /** Extra response headers, e.g. `Allow` on a 405. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * The one error the kit throws on purpose. It carries a stable code from core's `ERROR_CODES`, and is
 * turned into an RFC 9457 problem response in one place (`problemResponse`).
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[] | undefined;
  readonly retryAt: Date | undefined;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, options: ApiErrorOptions = {}) {
    super(options.detail ?? ERROR_CODES[code].title, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.detail = options.detail;
    this.errors = options.errors;
    this.retryAt = options.retryAt;
    this.headers = options.headers ?? {};
  }
}
