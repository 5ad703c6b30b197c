import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VELOCITY_WINDOWS, VelocityIndex, WINDOW_MS } from './velocity-index.ts';

const MINUTE_MS = 60_000;

// Times on a minute grid over 40 days, so windows' edges (exactly one hour ago) are hit often.
const application = fc.record({
  key: fc.constantFrom('phone:1', 'phone:2', 'device:a', 'ip:x'),
  atMs: fc.oneof(
    fc.integer({ min: 0, max: 40 * 24 * 60 }).map((m) => m * MINUTE_MS),
    fc.constantFrom(0, WINDOW_MS.hour, WINDOW_MS.day, WINDOW_MS.week, WINDOW_MS.month, WINDOW_MS.month + WINDOW_MS.hour),
  ),
});

describe('VelocityIndex', () => {
  it('counts, for every window, exactly the earlier applications a brute-force scan counts', () => {
    fc.assert(
      fc.property(fc.array(application, { maxLength: 200 }), (applications) => {
        const arriving = [...applications].sort((a, b) => a.atMs - b.atMs);
        const index = new VelocityIndex();
        const seen: { key: string; atMs: number }[] = [];
        const counts: number[] = [];
        for (const { key, atMs } of arriving) {
          index.countAll(key, atMs, counts, 0);
          VELOCITY_WINDOWS.forEach((window, w) => {
            const expected = seen.filter((s) => s.key === key && s.atMs > atMs - WINDOW_MS[window] && s.atMs <= atMs).length;
            expect(counts[w]).toBe(expected);
            expect(index.count(key, atMs, WINDOW_MS[window])).toBe(expected);
          });
          index.record(key, atMs);
          seen.push({ key, atMs });
        }
      }),
    );
  });

  it('treats windows as half-open: an application exactly one hour old has left the hour', () => {
    const index = new VelocityIndex();
    index.record('phone:1', 0);
    expect(index.count('phone:1', WINDOW_MS.hour - 1, WINDOW_MS.hour)).toBe(1);
    expect(index.count('phone:1', WINDOW_MS.hour, WINDOW_MS.hour)).toBe(0);
    expect(index.count('phone:2', 0, WINDOW_MS.hour)).toBe(0);
  });
});
