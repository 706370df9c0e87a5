import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage, JobCompletion } from "../storage/types.ts";
import { createCompletionBatcher } from "./completion-batcher.ts";
import { createSyncHarness, event, liveTitles } from "./sync.support.ts";

/** A batcher over a recorder: each call's job ids, answered by `held`. */
function recorded(options: { maxBatch: number; delayMs: number; inFlight: () => number }) {
  const calls: string[][] = [];
  let fail = false;
  const batcher = createCompletionBatcher({
    ...options,
    completeJobs: async (items: readonly JobCompletion[]) => {
      calls.push(items.map((item) => item.jobId));
      if (fail) throw new Error("storage down");
      return items.map((item) => !item.jobId.startsWith("lost"));
    },
  });
  const failNext = (): void => {
    fail = true;
  };
  return { batcher, calls, failNext };
}

describe("the completion batcher", () => {
  it("writes a full batch at once and hands each job its own answer", async () => {
    const { batcher, calls } = recorded({ maxBatch: 3, delayMs: 60_000, inFlight: () => 10 });
    const answers = await Promise.all([
      batcher.complete("a"),
      batcher.complete("lost-b"),
      batcher.complete("c"),
    ]);
    expect(answers).toEqual([true, false, true]);
    expect(calls).toEqual([["a", "lost-b", "c"]]);
  });

  it("writes when every job in flight waits, or after the delay", async () => {
    let inFlight = 2;
    const { batcher, calls } = recorded({ maxBatch: 50, delayMs: 5, inFlight: () => inFlight });
    const first = batcher.complete("a");
    expect(calls).toEqual([]);
    const second = batcher.complete("b");
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(calls).toEqual([["a", "b"]]);
    inFlight = 5;
    expect(await batcher.complete("c")).toBe(true);
    expect(calls).toEqual([["a", "b"], ["c"]]);
    // A job leaving without a completion can make the rest idle.
    const d = batcher.complete("d");
    inFlight = 1;
    batcher.flushIfIdle();
    expect(calls).toEqual([["a", "b"], ["c"], ["d"]]);
    expect(await d).toBe(true);
  });

  it("fails every completion of a batch whose write failed", async () => {
    const { batcher, failNext } = recorded({ maxBatch: 2, delayMs: 5, inFlight: () => 10 });
    failNext();
    const results = await Promise.allSettled([batcher.complete("a"), batcher.complete("b")]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
  });
});

/** Memory storage that counts completion calls and the jobs they carry. */
function countingStorage(): { storage: CalendarStorage; calls: { single: number; batches: number[] } } {
  const inner = createMemoryStorage({ now: () => new Date(Date.UTC(2026, 10, 26, 9, 0, 0)) });
  const calls = { single: 0, batches: [] as number[] };
  const storage = new Proxy(inner, {
    get(target, name, receiver) {
      if (name === "completeJob") calls.single += 1;
      if (name !== "completeJobs") return Reflect.get(target, name, receiver);
      return (owner: string, items: readonly JobCompletion[]) => {
        calls.batches.push(items.length);
        return target.completeJobs(owner, items);
      };
    },
  });
  return { storage, calls };
}

describe("a worker's completions", () => {
  it("are written in batches, not one call per job", async () => {
    const { storage, calls } = countingStorage();
    const h = await createSyncHarness({ storage });
    for (let i = 0; i < 40; i++) await h.put(event(`evt_${i}`, `Event ${i}`));
    calls.batches.length = 0;
    const result = await h.kit.sync.processPendingCalendarSyncJobs({ limit: 40, concurrency: 10 });
    expect(result.succeeded).toBe(40);
    expect(calls.single).toBe(0);
    expect(calls.batches.reduce((sum, size) => sum + size, 0)).toBe(40);
    expect(calls.batches.length).toBeLessThanOrEqual(20);
    expect(liveTitles(h, h.calendarId)).toHaveLength(40);
    expect(await storage.listJobs()).toEqual([]);
  });
});
