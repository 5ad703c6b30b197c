import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currency, formatAmount, parseAmount, parseCurrency } from './money.ts';

const CNY = currency('CNY');
const JPY = currency('JPY');
const KWD = currency('KWD');

describe('parseAmount', () => {
  it.each([
    ['305.00', CNY, 30500n],
    ['305', CNY, 30500n],
    ['0.5', CNY, 50n],
    ['416700', JPY, 416700n],
    ['1.234', KWD, 1234n],
    ['9223372036854775.807', KWD, 9223372036854775807n],
  ])('%s %s → %s', (text, c, minor) => {
    expect(parseAmount(text, c)).toEqual({ ok: true, value: minor });
  });

  it.each([
    ['1.234', CNY, 'amount_precision_exceeded'],
    ['1.5', JPY, 'amount_precision_exceeded'],
    ['abc', CNY, 'invalid_amount'],
    ['1e5', CNY, 'invalid_amount'],
    ['', CNY, 'invalid_amount'],
    ['-5.00', CNY, 'amount_must_be_positive'],
    ['92233720368547758.08', CNY, 'amount_out_of_range'],
  ])('%s %s → %s', (text, c, code) => {
    const r = parseAmount(text, c);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe(code);
  });

  it('refuses numbers: amounts are strings', () => {
    expect(parseAmount(305, CNY).ok).toBe(false);
  });

  it('refuses zero when asked to', () => {
    expect(parseAmount('0.00', CNY, { allowZero: false }).ok).toBe(false);
  });

  it('round-trips every 64-bit amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(CNY, JPY, KWD), (minor, c) => {
        expect(parseAmount(formatAmount(minor, c), c, { allowNegative: true })).toEqual({ ok: true, value: minor });
      }),
    );
  });
});

describe('formatAmount', () => {
  it('prints exactly the currency decimals', () => {
    expect(formatAmount(30500n, CNY)).toBe('305.00');
    expect(formatAmount(5n, CNY)).toBe('0.05');
    expect(formatAmount(-5n, CNY)).toBe('-0.05');
    expect(formatAmount(416700n, JPY)).toBe('416700');
    expect(formatAmount(1n, KWD)).toBe('0.001');
  });
});

describe('parseCurrency', () => {
  it('knows ISO codes and refuses others', () => {
    expect(parseCurrency('EUR').ok).toBe(true);
    expect(parseCurrency('XXX').ok).toBe(false);
    expect(parseCurrency('toString').ok).toBe(false);
  });
});
