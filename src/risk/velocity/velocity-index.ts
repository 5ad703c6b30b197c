/**
 * Velocity: how many applications one identifier (an ID number, phone, device, IP or bank card) made
 * across the tenant in the last hour, day, week and month — the multi-lending signal. Each key keeps
 * the sorted times of its applications; a count is two binary searches.
 * Invariants: a window is half-open, (at − window, at], so an application made exactly one hour ago
 * no longer counts in the hour; counts see only applications recorded before the query (the engine
 * asks before it records); times older than the longest window behind a key's newest time are
 * dropped when that key records again, which bounds memory without changing any count asked "now".
 */

export const VELOCITY_WINDOWS = ['hour', 'day', 'week', 'month'] as const;
export type VelocityWindow = (typeof VELOCITY_WINDOWS)[number];

const MS_PER_HOUR = 3_600_000;
export const WINDOW_MS: Readonly<Record<VelocityWindow, number>> = {
  hour: MS_PER_HOUR,
  day: 24 * MS_PER_HOUR,
  week: 7 * 24 * MS_PER_HOUR,
  month: 30 * 24 * MS_PER_HOUR,
};
const LONGEST_WINDOW_MS = WINDOW_MS.month;

export class VelocityIndex {
  private readonly timesByKey = new Map<string, number[]>();

  get keys(): number {
    return this.timesByKey.size;
  }

  record(key: string, atMs: number): void {
    const times = this.timesByKey.get(key);
    if (times === undefined) {
      this.timesByKey.set(key, [atMs]);
      return;
    }
    // Applications arrive almost in time order: insert from the end.
    let i = times.length;
    while (i > 0 && (times[i - 1] as number) > atMs) i--;
    times.splice(i, 0, atMs);
    const newest = times[times.length - 1] as number;
    const stale = lowerBound(times, newest - LONGEST_WINDOW_MS + 1);
    if (stale > 0) times.splice(0, stale);
  }

  /** Applications of `key` with a time in (atMs − windowMs, atMs]. */
  count(key: string, atMs: number, windowMs: number): number {
    const times = this.timesByKey.get(key);
    if (times === undefined) return 0;
    return upperBound(times, atMs) - upperBound(times, atMs - windowMs);
  }

  /** The four window counts of `key`, written into `out` in VELOCITY_WINDOWS order. */
  countAll(key: string, atMs: number, out: number[], offset: number): void {
    const times = this.timesByKey.get(key);
    if (times === undefined) {
      for (let w = 0; w < VELOCITY_WINDOWS.length; w++) out[offset + w] = 0;
      return;
    }
    const end = upperBound(times, atMs);
    out[offset] = end - upperBound(times, atMs - WINDOW_MS.hour);
    out[offset + 1] = end - upperBound(times, atMs - WINDOW_MS.day);
    out[offset + 2] = end - upperBound(times, atMs - WINDOW_MS.week);
    out[offset + 3] = end - upperBound(times, atMs - WINDOW_MS.month);
  }
}

/** The first index whose time is ≥ t. */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose time is > t. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
