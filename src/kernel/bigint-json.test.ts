import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseWithBigints, stringifyWithBigints } from './bigint-json.ts';

describe('bigint JSON', () => {
  it('round-trips nested values with bigints exactly', () => {
    fc.assert(
      fc.property(fc.object({ values: [fc.bigInt(), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)] }), (value) => {
        expect(parseWithBigints(stringifyWithBigints(value))).toEqual(value);
      }),
    );
  });

  it('writes a tagged object for each bigint', () => {
    expect(stringifyWithBigints({ a: 2n ** 70n })).toBe('{"a":{"$bigint":"1180591620717411303424"}}');
  });
});
