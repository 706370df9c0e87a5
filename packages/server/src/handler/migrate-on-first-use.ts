import type { CalendarStorage } from "../storage/types.ts";

/**
 * `storage` as the kit uses it by default: the first call of any method (a request, an API call, a sync
 * batch) applies the storage's migrations first, once per process; concurrent first calls share that run.
 * Nothing happens when the kit is created, so a module that builds it at import time (a Next.js route
 * file read by `next build`) touches no database. A failed run is retried by the next call.
 */
export function migrateOnFirstUse(storage: CalendarStorage): CalendarStorage {
  let migrated: Promise<unknown> | null = null;
  const ready = (): Promise<unknown> => {
    migrated ??= storage.migrate().catch((error: unknown) => {
      migrated = null;
      throw error;
    });
    return migrated;
  };
  // A proxy rather than a copy: a host's own adapter may keep its methods on a class prototype, and a
  // method replaced later (a test's fault injection) is seen. One wrapper per function, not per call.
  const wrapped = new WeakMap<object, unknown>();
  return new Proxy(storage, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function" || key === "migrate" || key === "close") return value;
      let method = wrapped.get(value);
      if (method === undefined) {
        const call = value as (...args: unknown[]) => Promise<unknown>;
        method = async (...args: unknown[]): Promise<unknown> => {
          await ready();
          return call.apply(target, args);
        };
        wrapped.set(value, method);
      }
      return method;
    },
  });
}
