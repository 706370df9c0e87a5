import { afterEach, beforeEach, describe, it } from "vitest";
import { createTestClock, type TestClock } from "./clock.ts";
import { activityCases } from "./conformance/activity.ts";
import { auditCases } from "./conformance/audit.ts";
import { connectionCases } from "./conformance/connections.ts";
import {
  eventLinkCalendarCases,
  eventLinkCases,
  eventLinkFateCases,
  eventLinkIntentCases,
} from "./conformance/event-links.ts";
import { generalCases } from "./conformance/general.ts";
import { jobBatchCases } from "./conformance/job-batches.ts";
import { jobOutcomeCases } from "./conformance/job-outcomes.ts";
import { jobCases } from "./conformance/jobs.ts";
import { oauthStateCases } from "./conformance/oauth-state.ts";
import { outboxCases } from "./conformance/outbox.ts";
import {
  type CaseContext,
  type CaseName,
  CONFORMANCE_CASES,
  type ConformanceHarness,
  type Suite,
} from "./conformance/suite.ts";

export { CONFORMANCE_CASES, type ConformanceHarness } from "./conformance/suite.ts";

/** Settings of `describeStorageConformance`. */
export interface ConformanceOptions {
  /** Peers for the concurrency cases (default 2). */
  readonly peers?: number;
  /** Concurrent claim loops per peer (default 4). */
  readonly claimersPerPeer?: number;
  /** Jobs in the concurrent-claim case (default 120). */
  readonly jobs?: number;
  /** Receives one line with the concurrent-claim figures (default `console.info`). */
  readonly report?: (line: string) => void;
}

/**
 * Registers the storage conformance suite: one `describe` with every case of `CONFORMANCE_CASES`,
 * written one file per aggregate under `conformance/`. `setup` gets the suite's clock and returns a
 * fresh harness for each case.
 *
 * @example describeStorageConformance("sqlite", async (clock) => ({ storage: createSqliteStorage({ filename, now: clock.now }), … }));
 */
export function describeStorageConformance(
  adapter: string,
  setup: (clock: TestClock) => Promise<ConformanceHarness>,
  options: ConformanceOptions = {},
): void {
  describe(`storage conformance: ${adapter}`, () => {
    let current: CaseContext | undefined;
    const registered = new Set<CaseName>();

    beforeEach(async () => {
      // A second in the past, so peers on the real clock see the suite's jobs as due.
      const clock = createTestClock(new Date(Date.now() - 1000));
      const harness = await setup(clock);
      current = { harness, storage: harness.storage, clock };
    });

    afterEach(async () => {
      await current?.harness.close();
      current = undefined;
    });

    const suite: Suite = {
      adapter,
      peers: options.peers ?? 2,
      claimersPerPeer: options.claimersPerPeer ?? 4,
      jobs: options.jobs ?? 120,
      report: options.report ?? ((line: string): void => console.info(line)),
      test(name, fn) {
        registered.add(name);
        it(name, () => {
          if (current === undefined) throw new Error("The conformance harness was not set up.");
          return fn(current);
        });
      },
    };

    for (const cases of [
      generalCases,
      connectionCases,
      oauthStateCases,
      jobCases,
      jobOutcomeCases,
      jobBatchCases,
      activityCases,
      eventLinkCases,
      eventLinkCalendarCases,
      eventLinkIntentCases,
      eventLinkFateCases,
      auditCases,
      outboxCases,
    ]) {
      cases(suite);
    }
    // Every listed case is registered by one of the files above, so no adapter skips one silently.
    const missing = CONFORMANCE_CASES.filter((name) => !registered.has(name));
    if (missing.length > 0) throw new Error(`Conformance cases not registered: ${missing.join(", ")}`);
  });
}
