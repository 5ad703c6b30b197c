import { describe, expect, it } from 'vitest';
import { coalesceByTenant } from './coalesce.ts';
import { limits } from './limits.ts';

/** A batch service that records its calls and holds each until released, and none after. */
function recorder(options: { fail?: (tenantId: string, requests: readonly number[]) => boolean } = {}) {
  const calls: [string, number[]][] = [];
  const releases: (() => void)[] = [];
  let released = false;
  const many = async (tenantId: string, requests: readonly number[]): Promise<string[]> => {
    calls.push([tenantId, [...requests]]);
    if (!released) await new Promise<void>((resolve) => releases.push(resolve));
    if (options.fail?.(tenantId, requests)) throw new Error('the batch failed');
    return requests.map((n) => `${tenantId}:${n}`);
  };
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const releaseAll = (): void => {
    released = true;
    releases.splice(0).forEach((release) => release());
  };
  return { calls, many, turn, releaseAll };
}

describe('coalesceByTenant', () => {
  it('answers each call from one batch call per tenant, in the order the calls came', async () => {
    const r = recorder();
    const one = coalesceByTenant(r.many, 100);
    const replies = [one('t1', 1), one('t2', 2), one('t1', 3)];
    await r.turn();
    r.releaseAll();
    expect(await Promise.all(replies)).toEqual(['t1:1', 't2:2', 't1:3']);
    expect(r.calls).toEqual([['t1', [1, 3]], ['t2', [2]]]);
  });

  it('runs one batch at a time, the calls made meanwhile gathering into the next, batchMax at most', async () => {
    const r = recorder();
    const one = coalesceByTenant(r.many, 2);
    const first = one('t', 1);
    await r.turn();
    const later = [2, 3, 4].map((n) => one('t', n));
    await r.turn();
    expect(r.calls).toEqual([['t', [1]]]);
    r.releaseAll();
    expect(await Promise.all([first, ...later])).toEqual(['t:1', 't:2', 't:3', 't:4']);
    expect(r.calls).toEqual([['t', [1]], ['t', [2, 3]], ['t', [4]]]);
  });

  it('fails every call of a batch whose service throws, and goes on with the next batch', async () => {
    const r = recorder({ fail: (_, requests) => requests.includes(1) });
    const one = coalesceByTenant(r.many, 100);
    const failed = [one('t', 1), one('t', 2)].map((p) => p.catch((e: Error) => e.message));
    await r.turn();
    const after = one('t', 3);
    r.releaseAll();
    expect(await Promise.all(failed)).toEqual(['the batch failed', 'the batch failed']);
    expect(await after).toBe('t:3');
  });

  it('runs a call on its own rather than queue more than limits.coalescedQueueMax calls', async () => {
    const r = recorder();
    const one = coalesceByTenant(r.many, 1);
    const first = one('t', -1);
    await r.turn(); // the first batch starts and holds; every call below waits for a batch
    const queued = Array.from({ length: limits.coalescedQueueMax }, (_, n) => one('t', n));
    const beyond = one('t', limits.coalescedQueueMax);
    expect(r.calls.at(-1)).toEqual(['t', [limits.coalescedQueueMax]]);
    r.releaseAll();
    expect(await beyond).toBe(`t:${limits.coalescedQueueMax}`);
    expect(await first).toBe('t:-1');
    expect(await Promise.all(queued)).toEqual(queued.map((_, n) => `t:${n}`));
  });
});
