import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IDENTIFIER_TYPES } from '../identifiers.ts';
import { fingerprint } from './fingerprint.ts';
import { FingerprintSet } from './fingerprint-set.ts';

const operation = fc.record({
  kind: fc.constantFrom('add', 'delete', 'has'),
  // Few distinct keys with clustered low halves force long probe runs and wrap-around.
  hi: fc.integer({ min: 0, max: 3 }),
  lo: fc.integer({ min: 1, max: 40 }),
});

describe('FingerprintSet', () => {
  it('behaves as a JS Set under any sequence of adds, deletes and lookups', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 400 }), (ops) => {
        const set = new FingerprintSet();
        const model = new Set<string>();
        for (const { kind, hi, lo } of ops) {
          const key = `${hi}:${lo}`;
          if (kind === 'add') {
            expect(set.add(hi, lo)).toBe(!model.has(key));
            model.add(key);
          } else if (kind === 'delete') {
            expect(set.delete(hi, lo)).toBe(model.has(key));
            model.delete(key);
          } else expect(set.has(hi, lo)).toBe(model.has(key));
          expect(set.size).toBe(model.size);
        }
        for (let hi = 0; hi <= 3; hi++) for (let lo = 1; lo <= 40; lo++) expect(set.has(hi, lo)).toBe(model.has(`${hi}:${lo}`));
        expect(set.size * 4).toBeLessThanOrEqual(set.capacity * 3);
      }),
    );
  });

  it('holds 10 M presized entries in at most 200 MB', () => {
    expect(new FingerprintSet(10_000_000).bytes).toBeLessThanOrEqual(200 * 1024 * 1024);
  });

  it('stays within 16 bytes an entry once half full, and finds every fingerprint it holds', () => {
    const entries = 150_000;
    const set = new FingerprintSet(entries);
    for (let i = 0; i < entries; i++) {
      const f = fingerprint('phone', `1380000${i}`);
      set.add(f.hi, f.lo);
    }
    expect(set.size).toBe(entries);
    expect(set.bytes / entries).toBeLessThanOrEqual(16);
    for (let i = 0; i < entries; i += 97) {
      const f = fingerprint('phone', `1380000${i}`);
      expect(set.has(f.hi, f.lo)).toBe(true);
    }
    const absent = fingerprint('phone', 'not-a-phone');
    expect(set.has(absent.hi, absent.lo)).toBe(false);
  });
});

describe('fingerprint', () => {
  it('separates identifier types and never returns the empty slot marker', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const seen = new Set(IDENTIFIER_TYPES.map((t) => {
          const f = fingerprint(t, value);
          expect(f.hi !== 0 || f.lo !== 0).toBe(true);
          return `${f.hi}:${f.lo}`;
        }));
        expect(seen.size).toBe(IDENTIFIER_TYPES.length);
      }),
    );
  });
});
