// What a sync run enqueues: the same number of events for every connection, or one busy connection holding
// most of them (the fairness row: one tenant's backfill must not starve the others).

/** The jobs of one sync run, in the order they are enqueued. */
export interface SyncPlan<C extends { readonly id: string }> {
  readonly order: readonly { readonly connection: C; readonly eventId: string }[];
  /** Each connection's event ids. */
  readonly events: ReadonlyMap<string, readonly string[]>;
  /** The busy connection, or null for a uniform run. */
  readonly busyId: string | null;
  readonly jobs: number;
}

/**
 * Plans `jobs` events over `connections` for run `run`. Uniform (`busyShare` 0): round-robin over the
 * connections, the way changes of many organizations interleave in time. Skewed: the first connection gets
 * `busyShare` of the jobs and they are enqueued first, so they are the oldest in the queue (the worst case
 * for the others), and the other connections share the rest round-robin.
 */
export function syncPlan<C extends { readonly id: string }>(
  connections: readonly C[],
  jobs: number,
  run: number,
  busyShare: number,
): SyncPlan<C> {
  const events = new Map<string, string[]>();
  const order: { connection: C; eventId: string }[] = [];
  const add = (connection: C, e: number): void => {
    const eventId = `r${run}-evt-${e}`;
    order.push({ connection, eventId });
    const own = events.get(connection.id);
    if (own === undefined) events.set(connection.id, [eventId]);
    else own.push(eventId);
  };
  const [busy, ...others] = connections;
  if (busyShare <= 0 || busy === undefined || others.length === 0) {
    const perConnection = Math.max(1, Math.round(jobs / connections.length));
    for (let e = 0; e < perConnection; e++) for (const connection of connections) add(connection, e);
    return { order, events, busyId: null, jobs: order.length };
  }
  const busyJobs = Math.round(jobs * busyShare);
  for (let e = 0; e < busyJobs; e++) add(busy, e);
  const perOther = Math.max(1, Math.round((jobs - busyJobs) / others.length));
  for (let e = 0; e < perOther; e++) for (const connection of others) add(connection, e);
  return { order, events, busyId: busy.id, jobs: order.length };
}
