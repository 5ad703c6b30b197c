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

interface ZoneDates {
  readonly format: Intl.DateTimeFormat;
  /** The last minute (epoch minutes) asked for, and its date. */
  minute: number;
  date: LocalDate;
}

const zones = new Map<string, ZoneDates>();

/**
 * Since 1980 every zone's UTC offset is a whole number of minutes, so local midnight, and any change
 * of offset, falls on a UTC minute: every instant of one UTC minute has one business date. The last
 * minute's date is kept per zone (the ledger asks for the date of every request it takes).
 */
const WHOLE_MINUTE_OFFSETS_FROM_MS = Date.UTC(1980, 0, 1);

/** The business date of `instant` in the IANA time zone `timeZone` (a tenant's, e.g. Asia/Shanghai). */
export function businessDateOf(instant: Instant, timeZone: string): LocalDate {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), minute: Number.NaN, date: '' as LocalDate };
    zones.set(timeZone, zone);
  }
  const ms = epochMs(instant);
  const minute = Math.floor(ms / 60_000);
  if (minute === zone.minute) return zone.date;
  const date = zone.format.format(new Date(ms)) as LocalDate;
  if (ms >= WHOLE_MINUTE_OFFSETS_FROM_MS) {
    zone.minute = minute;
    zone.date = date;
  }
  return date;
}
