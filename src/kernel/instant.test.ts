import { describe, expect, it } from 'vitest';
import { businessDateOf, instantFromEpochMs, type Instant } from './instant.ts';

const at = (iso: string): Instant => iso as Instant;

describe('businessDateOf', () => {
  it('turns at local midnight, in either order of asking', () => {
    // Asia/Shanghai is UTC+8: local midnight of 21 November is 16:00 UTC on the 20th.
    expect(businessDateOf(at('2026-11-20T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-20');
    expect(businessDateOf(at('2026-11-20T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-21');
    expect(businessDateOf(at('2026-11-20T15:59:00.000Z'), 'Asia/Shanghai')).toBe('2026-11-20');
    expect(businessDateOf(at('2026-11-20T16:00:59.999Z'), 'Asia/Shanghai')).toBe('2026-11-21');
  });

  it('keeps zones apart', () => {
    const instant = at('2026-11-20T20:00:00.000Z');
    expect(businessDateOf(instant, 'Asia/Shanghai')).toBe('2026-11-21');
    expect(businessDateOf(instant, 'America/New_York')).toBe('2026-11-20');
    expect(businessDateOf(instant, 'Asia/Shanghai')).toBe('2026-11-21');
  });

  it('follows a change of offset (New York leaves daylight time at 06:00 UTC on 1 November 2026)', () => {
    expect(businessDateOf(at('2026-11-01T03:59:59.999Z'), 'America/New_York')).toBe('2026-10-31');
    expect(businessDateOf(at('2026-11-01T04:00:00.000Z'), 'America/New_York')).toBe('2026-11-01');
    expect(businessDateOf(at('2026-11-02T04:59:59.999Z'), 'America/New_York')).toBe('2026-11-01');
    expect(businessDateOf(at('2026-11-02T05:00:00.000Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('gives every instant of a minute the date of its first, across a day of minutes', () => {
    const start = Date.UTC(2026, 2, 10);
    const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let ms = start; ms < start + 86_400_000; ms += 29_999) {
      expect(businessDateOf(instantFromEpochMs(ms), 'Asia/Kolkata')).toBe(formatter.format(new Date(ms)));
    }
  });

  it('leaves instants before 1980 to the formatter (local mean time offsets had seconds)', () => {
    expect(businessDateOf(at('1900-01-01T15:54:16.000Z'), 'Asia/Shanghai')).toBe('1900-01-01');
    expect(businessDateOf(at('1900-01-01T15:54:18.000Z'), 'Asia/Shanghai')).toBe('1900-01-02');
  });
});
