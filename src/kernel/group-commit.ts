/**
 * Group commit: callers submit requests one at a time; whatever has queued while the previous batch
 * was committing goes into the next batch, one database transaction for all of them. Up to `lanes`
 * batches are in flight at once (each on its own connection). A free lane starts its batch only once
 * the current turn of the event loop is over (setImmediate), so callers answered together — who
 * submit again together — land in one batch rather than the first of them in a batch of its own.
 *
 * When no batch is in flight, the queue is shared among `batchesWhenIdle` batches started together
 * (a request is never split). Otherwise callers answered together would all land in one batch, over
 * and over, and the database and this process would take turns idling: one preparing the next batch
 * while the other runs none. Two batches started together let one's statement overlap the other's
 * preparation, and their callers settle into two groups that alternate.
 *
 * Bounded everywhere: a batch holds at most `batchEventsMax` events and the queue at most
 * `queueEventsMax`, beyond which `submit` refuses at once rather than letting latency grow without
 * limit.
 */
import { assert } from '../kernel/assert.ts';

export interface GroupCommitOptions<Req, Res> {
  readonly batchEventsMax: number;
  readonly queueEventsMax: number;
  readonly lanes: number;
  /** Batches started together from an idle queue (at most `lanes`); 1 takes the whole queue. */
  readonly batchesWhenIdle: number;
  /** How many events a request counts for. */
  readonly size: (request: Req) => number;
  /** Commits one batch; returns one response per request, in order. A throw fails the whole batch. */
  readonly commit: (requests: Req[]) => Promise<Res[]>;
}

interface Waiting<Req, Res> {
  readonly request: Req;
  readonly size: number;
  readonly resolve: (response: Res) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommit<Req, Res> {
  /** Resolves with the request's response once its batch committed; null when the queue is full. */
  submit(request: Req): Promise<Res> | null;
  /** Resolves when every submitted request has been answered. */
  drain(): Promise<void>;
}

export function createGroupCommit<Req, Res>(options: GroupCommitOptions<Req, Res>): GroupCommit<Req, Res> {
  const queue: Waiting<Req, Res>[] = [];
  let head = 0;
  let queuedEvents = 0;
  let inFlight = 0;
  let idle: (() => void)[] = [];
  let scheduled = false;

  const pump = (): void => {
    const share = inFlight === 0 ? Math.ceil(queuedEvents / Math.min(options.batchesWhenIdle, options.lanes)) : Number.POSITIVE_INFINITY;
    while (inFlight < options.lanes && head < queue.length) {
      const batch: Waiting<Req, Res>[] = [];
      let events = 0;
      while (head < queue.length) {
        const next = queue[head] as Waiting<Req, Res>;
        if (batch.length > 0 && (events + next.size > options.batchEventsMax || events >= share)) break;
        batch.push(next);
        events += next.size;
        head++;
      }
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
      }
      queuedEvents -= events;
      inFlight++;
      void run(batch);
    }
    if (inFlight === 0 && head === queue.length) {
      const waiters = idle;
      idle = [];
      for (const w of waiters) w();
    }
  };

  const schedulePump = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      pump();
    });
  };

  const run = async (batch: Waiting<Req, Res>[]): Promise<void> => {
    try {
      const responses = await options.commit(batch.map((w) => w.request));
      assert(responses.length === batch.length, 'one response per request');
      batch.forEach((w, i) => w.resolve(responses[i] as Res));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      inFlight--;
      schedulePump();
    }
  };

  return {
    submit(request) {
      const size = options.size(request);
      assert(size <= options.batchEventsMax, 'a request larger than a batch must be refused before it is queued');
      if (queuedEvents + size > options.queueEventsMax) return null;
      queuedEvents += size;
      const promise = new Promise<Res>((resolve, reject) => queue.push({ request, size, resolve, reject }));
      schedulePump();
      return promise;
    },
    drain() {
      if (inFlight === 0 && head === queue.length) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
