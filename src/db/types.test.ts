import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './types.ts';

/** What Date makes of PostgreSQL's text: the general path, for any offset. */
function viaDate(text: string): string {
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)(:\d\d)?$/, (_, h: string, m?: string) => `${h}${m ?? ':00'}`)).toISOString();
}

describe('parseTimestamptz', () => {
  it('reads a UTC timestamp with 0 to 6 fractional digits as Date does', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }), (ms, micros, digits) => {
        const seconds = new Date(ms - (ms % 1000)).toISOString().slice(0, 19).replace('T', ' ');
        const fraction = digits === 0 ? '' : `.${String(micros).padStart(6, '0').slice(0, digits)}`;
        const text = `${seconds}${fraction}+00`;
        expect(parseTimestamptz(text)).toBe(viaDate(text));
      }),
    );
  });

  it('reads other offsets through Date', () => {
    expect(parseTimestamptz('2026-11-21 12:05:06.789+08')).toBe('2026-11-21T04:05:06.789Z');
    expect(parseTimestamptz('2026-11-21 04:05:06+00')).toBe('2026-11-21T04:05:06.000Z');
  });
});
