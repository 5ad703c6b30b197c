import { describe, expect, it } from 'vitest';
import { createIdGenerator, isValidClientId } from './ids.ts';
import { manualClock, type Instant } from './instant.ts';
import { seededRandom } from './random.ts';

describe('ids', () => {
  it('are prefixed, strictly increasing, and deterministic for a seed', () => {
    const make = () => createIdGenerator(manualClock('2026-11-21T00:00:00.000Z' as Instant), seededRandom(7));
    const a = make();
    const ids = Array.from({ length: 1000 }, () => a.next('txn'));
    expect(ids.every((id) => /^txn_[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    for (let i = 1; i < ids.length; i++) expect((ids[i] as string) > (ids[i - 1] as string)).toBe(true);
    const b = make();
    expect(b.next('txn')).toBe(ids[0]);
  });

  it('draw a fresh random part every millisecond from the OS, past the end of a pooled draw', () => {
    const clock = manualClock('2026-11-21T00:00:00.000Z' as Instant);
    const ids = createIdGenerator(clock);
    const randomParts = new Set<string>();
    for (let ms = 0; ms < 1000; ms++) {
      randomParts.add(ids.next('x').slice(12));
      clock.advanceMs(1);
    }
    expect(randomParts.size).toBe(1000);
  });

  it('validates client ids', () => {
    expect(isValidClientId('order-42:a')).toBe(true);
    expect(isValidClientId('')).toBe(false);
    expect(isValidClientId('x'.repeat(65))).toBe(false);
    expect(isValidClientId('a b')).toBe(false);
  });
});
