import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../storage/memory.ts";
import type { CalendarStorage, JobCompletion } from "../storage/types.ts";
import { createCompletionBatcher } from "./completion-batcher.ts";
import { createSyncHarness, event, liveTitles } from "./sync.support.ts";

/** A batcher over a recorder: each call's job ids, answered when the test lets the write end. */
function recorded(options: { maxBatch: number; delayMs: number; inFlight: () => number }) {
  const calls: string[][] = [];
  const pending: (() => void)[] = [];
  let fail = false;
  const batcher = createCompletionBatcher({
    ...options,
    completeJobs: (items: readonly JobCompletion[]) => {
      calls.push(items.map((item) => item.jobId));
      return new Promise<boolean[]>((resolve, reject) => {
        pending.push(() =>
          fail
            ? reject(new Error("storage down"))
            : resolve(items.map((item) => !item.jobId.startsWith("lost"))),
        );
      });
    },
  });
  /** Ends the writes under way. */
  const release = (): void => {
    for (const end of pending.splice(0)) end();
  };
  const failNext = (): void => {
    fail = true;
  };
  return { batcher, calls, release, failNext };
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe("the completion batcher", () => {
  it("writes a lone completion at once, and those arriving meanwhile together next", async () => {
    const { batcher, calls, release } = recorded({ maxBatch: 50, delayMs: 60_000, inFlight: () => 10 });
    const first = batcher.complete("a");
    expect(calls).toEqual([["a"]]);
    const rest = [batcher.complete("lost-b"), batcher.complete("c")];
    expect(calls).toEqual([["a"]]);
    release();
    expect(await first).toBe(true);
    await tick();
    expect(calls).toEqual([["a"], ["lost-b", "c"]]);
    release();
    expect(await Promise.all(rest)).toEqual([false, true]);
  });

  it("writes while another write is under way when the batch is full, all in flight wait, or the delay ran out", async () => {
    let inFlight = 10;
    const { batcher, calls, release } = recorded({ maxBatch: 2, delayMs: 5, inFlight: () => inFlight });
    const all = [batcher.complete("a"), batcher.complete("b"), batcher.complete("c")];
    expect(calls).toEqual([["a"], ["b", "c"]]);
    all.push(batcher.complete("d"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toEqual([["a"], ["b", "c"], ["d"]]);
    inFlight = 2;
    all.push(batcher.complete("e"));
    expect(calls).toHaveLength(3);
    all.push(batcher.complete("f"));
    expect(calls).toEqual([["a"], ["b", "c"], ["d"], ["e", "f"]]);
    // A job leaving without a completion can make the rest idle.
    all.push(batcher.complete("g"));
    inFlight = 1;
    batcher.flushIfIdle();
    expect(calls.at(-1)).toEqual(["g"]);
    release();
    expect(await Promise.all(all)).toEqual([true, true, true, true, true, true, true]);
  });

  it("fails every completion of a batch whose write failed", async () => {
    const { batcher, release, failNext } = recorded({ maxBatch: 2, delayMs: 5, inFlight: () => 10 });
    failNext();
    const results = Promise.allSettled([batcher.complete("a"), batcher.complete("b"), batcher.complete("c")]);
    release();
    await tick();
    release();
    expect((await results).map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
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
