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

  it('keeps a key named __proto__ as data when its value is a bigint', () => {
    const parsed = parseWithBigints<Record<string, unknown>>('{"__proto__": {"$bigint": "7"}, "a": [{"$bigint": "-1"}]}');
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toBe(7n);
    expect(parsed.a).toEqual([-1n]);
  });

  it('writes a tagged object for each bigint', () => {
    expect(stringifyWithBigints({ a: 2n ** 70n })).toBe('{"a":{"$bigint":"1180591620717411303424"}}');
  });
});
