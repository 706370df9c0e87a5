// Plain readers for a few answers, without zod: a browser page that reads only these answers on its first load
// skips zod's runtime (about 8 kB gzip). Each reader returns the value it accepts, objects rebuilt with their
// known keys only (as zod strips unknown keys), and throws on anything else. `answers.test.ts` holds them to the
// zod schemas' verdicts.

/** Reads one value of an answer, or throws. */
export type Reader<T> = (value: unknown) => T;

const MISMATCH = new TypeError("The value does not match the contract");

function fail(): never {
  throw MISMATCH;
}

/** A string of `min` to `max` characters that matches `pattern`, when one is given. */
export function string(min: number, max: number, pattern?: RegExp): Reader<string> {
  return (value) =>
    typeof value === "string" &&
    value.length >= min &&
    value.length <= max &&
    (pattern === undefined || pattern.test(value))
      ? value
      : fail();
}

/** A whole number from `min` to `max`, within JavaScript's safe integers. */
export function int(min: number, max: number): Reader<number> {
  return (value) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number)
      : fail();
}

/** `true` or `false`. */
export const boolean: Reader<boolean> = (value) => (typeof value === "boolean" ? value : fail());

/** One of `values`. */
export function oneOf<const T extends string>(values: readonly T[]): Reader<T> {
  return (value) => ((values as readonly unknown[]).includes(value) ? (value as T) : fail());
}

/** `null`, or what `read` accepts. */
export function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (value) => (value === null ? null : read(value));
}

/** Absent, or what `read` accepts. */
export function optional<T>(read: Reader<T>): Reader<T | undefined> {
  return (value) => (value === undefined ? undefined : read(value));
}

/** A list of at most `max` items, each accepted by `read`. */
export function array<T>(read: Reader<T>, max = Number.POSITIVE_INFINITY): Reader<T[]> {
  return (value) =>
    Array.isArray(value) && value.length <= max ? Array.from(value, (item) => read(item)) : fail();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An object with `shape`'s keys (others are dropped); a key whose reader gives `undefined` stays absent. */
export function object<S extends Record<string, Reader<unknown>>>(
  shape: S,
): Reader<{ [K in keyof S]: ReturnType<S[K]> }> {
  return (value) => {
    if (!isRecord(value)) fail();
    const result: Record<string, unknown> = {};
    for (const [key, read] of Object.entries(shape)) {
      const field = read(value[key]);
      if (field !== undefined) result[key] = field;
    }
    return result as { [K in keyof S]: ReturnType<S[K]> };
  };
}

/** An object whose `key` picks which of `variants` reads it (zod's discriminated union). */
export function tagged<T>(key: string, variants: Readonly<Record<string, Reader<T>>>): Reader<T> {
  return (value) => {
    const tag = isRecord(value) ? value[key] : undefined;
    return typeof tag === "string" && Object.hasOwn(variants, tag)
      ? (variants[tag] as Reader<T>)(value)
      : fail();
  };
}

/** What a zod schema's `safeParse` answers, which the client expects of every answer check. */
export type CheckResult<T> = { success: true; data: T } | { success: false };

/** A reader with zod's `safeParse` shape, so a client can take either. */
export interface AnswerCheck<T> {
  /** The accepted value, or `success: false`. */
  safeParse(value: unknown): CheckResult<T>;
}

/** Wraps a reader as an {@link AnswerCheck}. */
export function answerCheck<T>(read: Reader<T>): AnswerCheck<T> {
  return {
    safeParse(value) {
      try {
        return { success: true, data: read(value) };
      } catch (error) {
        if (error === MISMATCH) return { success: false };
        throw error;
      }
    },
  };
}
