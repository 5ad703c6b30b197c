import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../kernel/local-date.ts';
import { expectedValidation } from './simulation/reference-model.ts';
import { ACCOUNT_VALIDATION_CASES, TRANSFER_VALIDATION_CASES } from './simulation/result-code-cases.ts';
import { validateAccount, validateTransfer } from './validate.ts';

const today = '2026-03-01' as LocalDate;
const codeOf = <T>(outcome: T | object): T | null => (typeof outcome === 'string' ? outcome : null);

describe('validateTransfer answers the first broken rule in precedence order', () => {
  it.each(TRANSFER_VALIDATION_CASES.map((c, i) => [i, c.expected ?? 'valid', c] as const))('#%i %s', (_i, _name, c) => {
    expect(codeOf(validateTransfer('t', c.input, today))).toBe(c.expected);
    // The reference model, written apart, reads the rules the same way.
    expect(expectedValidation(c.input)).toBe(c.expected);
  });

  it('fills a valid command, leaving out what a post or void may omit', () => {
    expect(validateTransfer('t', { id: 'p1', pendingId: 'h', flags: { postPending: true, linked: true } }, today)).toEqual({
      tenantId: 't', id: 'p1', debitAccountId: null, creditAccountId: null, amount: null, ledger: null, code: null,
      flags: 1 | 4, pendingId: 'h', timeoutSeconds: 0, reference: null, effectiveOn: today, effectiveOnGiven: false,
    });
  });
});

describe('validateAccount answers the first broken rule in precedence order', () => {
  it.each(ACCOUNT_VALIDATION_CASES.map((c, i) => [i, c.expected ?? 'valid', c] as const))('#%i %s', (_i, _name, c) => {
    expect(codeOf(validateAccount('t', c.input))).toBe(c.expected);
  });
});
