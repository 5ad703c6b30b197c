import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.ts';

/** A group commit whose batches are recorded and held until released. */
function recorder(lanes: number, batchesWhenIdle: number) {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const groupCommit = createGroupCommit<number, number>({
    batchEventsMax: 100,
    queueEventsMax: 1_000,
    lanes,
    batchesWhenIdle,
    size: () => 1,
    commit: async (batch) => {
      batches.push(batch);
      await new Promise<void>((resolve) => releases.push(resolve));
      return batch.map((n) => n * 10);
    },
  });
  const submitAll = (ns: number[]): Promise<number>[] => ns.map((n) => groupCommit.submit(n) as Promise<number>);
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const releaseAll = (): void => releases.splice(0).forEach((release) => release());
  return { batches, groupCommit, submitAll, turn, releaseAll };
}

describe('group commit', () => {
  it('shares an idle queue among batchesWhenIdle batches, in order, and answers each request', async () => {
    const r = recorder(4, 2);
    const replies = r.submitAll([1, 2, 3, 4, 5]);
    await r.turn();
    expect(r.batches).toEqual([[1, 2, 3], [4, 5]]);
    r.releaseAll();
    expect(await Promise.all(replies)).toEqual([10, 20, 30, 40, 50]);
  });

  it('puts whatever queues while a batch is in flight into one batch', async () => {
    const r = recorder(4, 2);
    const first = r.submitAll([1, 2]);
    await r.turn();
    const second = r.submitAll([3, 4, 5]);
    await r.turn();
    expect(r.batches).toEqual([[1], [2], [3, 4, 5]]);
    r.releaseAll();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    await r.groupCommit.drain();
  });

  it('takes the whole queue with one lane, whatever batchesWhenIdle says', async () => {
    const r = recorder(1, 2);
    const replies = r.submitAll([1, 2, 3]);
    await r.turn();
    expect(r.batches).toEqual([[1, 2, 3]]);
    r.releaseAll();
    expect(await Promise.all(replies)).toEqual([10, 20, 30]);
  });
});
