/**
 * Instant and Clock. An Instant is a UTC timestamp with millisecond precision, held as its ISO-8601
 * text (`2026-11-21T04:05:06.789Z`), which sorts as text. The clock is injected everywhere: nothing in
 * lendcore reads the wall clock except `systemClock`, wired once in the composition root.
 */
import type { LocalDate } from './local-date.ts';

export type Instant = string & { readonly __brand: 'Instant' };

export interface Clock {
  now(): Instant;
}

export function instantFromEpochMs(ms: number): Instant {
  return new Date(ms).toISOString() as Instant;
}

export function epochMs(instant: Instant): number {
  return Date.parse(instant);
}

export const systemClock: Clock = {
  now: () => instantFromEpochMs(Date.now()),
};

/** A clock for tests and simulations: starts at `start` and moves only when told. */
export interface ManualClock extends Clock {
  set(instant: Instant): void;
  advanceMs(ms: number): void;
}

export function manualClock(start: Instant): ManualClock {
  let current = epochMs(start);
  return {
    now: () => instantFromEpochMs(current),
    set: (instant) => {
      current = epochMs(instant);
    },
    advanceMs: (ms) => {
      current += ms;
    },
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The business date of `instant` in the IANA time zone `timeZone` (a tenant's, e.g. Asia/Shanghai). */
export function businessDateOf(instant: Instant, timeZone: string): LocalDate {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(new Date(epochMs(instant))) as LocalDate;
}
