import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskKeepingEnds, parseIdNumber, prcCheckCharacter } from './id-number.ts';
import { createPiiHasher, DEVELOPMENT_PII_KEY } from './pii.ts';

describe('identity numbers', () => {
  it.each([
    ['11010519491231002X', true], // the standard's worked example
    ['11010519491231002x', true], // a lower-case x is the same number
    ['110105194912310021', false], // wrong check digit
    ['11010519491331002X', false], // month 13
    ['1101051949123100', false], // too short
  ])('%s is a valid PRC resident ID: %s', (number, valid) => {
    expect(parseIdNumber('prcResidentId', number).ok).toBe(valid);
  });

  it('reads the birth date and normalizes the number', () => {
    const parsed = parseIdNumber('prcResidentId', ' 11010519491231002x ');
    expect(parsed.ok && parsed.value).toEqual({ type: 'prcResidentId', number: '11010519491231002X', birthOn: '1949-12-31' });
    const noSuchDay = '11010519490229002'; // 29 February 1949 did not exist
    expect(parseIdNumber('prcResidentId', noSuchDay + prcCheckCharacter(noSuchDay)).ok).toBe(false);
  });

  it('accepts exactly one check character for every 17 digits (ISO 7064 MOD 11-2)', () => {
    fc.assert(fc.property(fc.stringMatching(/^[1-6]\d{5}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}$/), (first17) => {
      const valid = [...'0123456789X'].filter((c) => parseIdNumber('prcResidentId', first17 + c).ok);
      expect(valid).toEqual([prcCheckCharacter(first17)]);
    }));
  });

  it('checks other document types for shape only', () => {
    expect(parseIdNumber('passport', 'e12345678').ok).toBe(true);
    expect(parseIdNumber('passport', 'E12').ok).toBe(false);
    expect(parseIdNumber('other', 'AB-123456').ok).toBe(false);
  });

  it('masks all but the first 3 and the last 4 characters', () => {
    expect(maskKeepingEnds('11010519491231002X')).toBe('110***********002X');
    expect(maskKeepingEnds('13800138000')).toBe('138****8000');
    expect(maskKeepingEnds('1234567')).toBe('*******');
  });

  it('hashes with the key: the same number the same, another key differently', () => {
    const id = parseIdNumber('prcResidentId', '11010519491231002X');
    if (!id.ok) throw new Error(id.code);
    const a = createPiiHasher(DEVELOPMENT_PII_KEY);
    expect(a.hashIdNumber(id.value)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hashIdNumber(id.value)).toBe(a.hashIdNumber(id.value));
    expect(createPiiHasher('another-key-of-sixteen').hashIdNumber(id.value)).not.toBe(a.hashIdNumber(id.value));
    expect(() => createPiiHasher('short')).toThrow();
  });
});
