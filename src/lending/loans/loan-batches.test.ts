/**
 * The batch path against the one-event path: two identical purchases, one repaid through
 * `LoanBook.apply`, the other through `LoanBatches.applyEvents`, end in the same state with the same
 * ledger postings (the slept days caught up, the line's limit restored) and the same journal; a
 * replay answers the first outcome, a refused event writes nothing and does not stop the others; a
 * collection repays what the caller reads as owed from each locked loan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { AssertionError } from '../../kernel/assert.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import { addDays, localDate, type LocalDate } from '../../kernel/local-date.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';
import { serializeLoanState } from '../servicing/index.ts';

const T = 't1';
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
let services: Services;
const loanIds: string[] = [];

beforeAll(async () => {
  services = wireServices(await openTestDatabase(), clock);
  const product = { type: 'installment', currency: 'CNY', amount: { min: '10.00', max: '20000.00' }, terms: [3, 6], pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } }, offerExample: { amount: '1000.00', term: 3 } };
  expect((await services.lending.products.create(T, 'bnpl', product)).ok).toBe(true);
  const first17 = '11010519900515123';
  expect((await services.lending.customers.create(T, { id: 'c1', idType: 'prcResidentId', idNumber: first17 + prcCheckCharacter(first17), phone: '13800138000', birthOn: '1990-05-15' })).ok).toBe(true);
  const applied = await services.lending.applications.apply(T, { customerId: 'c1', productId: 'bnpl', monthlyIncome: '10000.00', requestedLimit: '5000.00' });
  if (!applied.ok || applied.value.value.offer === null) throw new Error('not approved');
  expect((await services.lending.applications.accept(T, applied.value.value.offer.id, { lineId: 'line-1' })).ok).toBe(true);
  for (const id of ['dd-a', 'dd-b']) {
    const drawn = await services.lending.drawdowns.draw(T, 'line-1', { id, amount: '600.00', term: 3 });
    if (!drawn.ok) throw new Error(drawn.code);
    loanIds.push(drawn.value.value.loanId);
  }
  let day = localDate('2026-03-01');
  while (day < '2026-04-01') {
    expect((await services.endOfDay.run({ tenantId: T, businessDate: day })).ok).toBe(true);
    day = addDays(day, 1);
    clock.set(`${day}T02:00:00.000Z` as Instant);
  }
});
afterAll(async () => {
  await services.close();
});

async function postingsOf(loanId: string): Promise<unknown[]> {
  const rows = await services.db.query<{ id: string; debit_account_id: string; credit_account_id: string; amount: bigint; code: number; effective_on: string }>(
    `SELECT id, debit_account_id, credit_account_id, amount, code, effective_on FROM ledger_transfers WHERE tenant_id = $1 AND (id LIKE $2 OR reference = $3) ORDER BY id`,
    [T, `${loanId}:%`, loanId],
  );
  return rows.map((r) => ({ ...r, id: r.id.slice(loanId.length), debit_account_id: r.debit_account_id.replace(loanId, ''), credit_account_id: r.credit_account_id.replace(loanId, '') }));
}

describe('loan batches', () => {
  const on = '2026-04-01' as LocalDate;

  it('applies an event exactly as the one-event path does', async () => {
    const [a, b] = loanIds as [string, string];
    const single = await services.loans.apply(T, a, 'repayment', { clientId: 'rp-a', on, amountMinor: 20_900n });
    const [batched] = await services.loanBatches.applyEvents(T, [{ loanId: b, type: 'repayment', clientId: 'rp-b', on, amountMinor: 20_900n }]);
    if (!single.ok || !batched?.ok) throw new Error('refused');
    expect(serializeLoanState(batched.value.loan.state)).toEqual(serializeLoanState(single.value.loan.state));
    expect(batched.value.loan.events).toBe(single.value.loan.events);
    expect(batched.value.event.allocation).toEqual(single.value.event.allocation);
    expect(await postingsOf(b)).toEqual(await postingsOf(a));
    const [rowA, rowB] = [await services.loans.get(T, a), await services.loans.get(T, b)];
    expect(serializeLoanState(rowA!.state)).toEqual(serializeLoanState(rowB!.state));
  });

  it('answers a replay with the first outcome and refuses what servicing refuses, writing nothing for it', async () => {
    const [, b] = loanIds as [string, string];
    const before = await postingsOf(b);
    const outcomes = await services.loanBatches.applyEvents(T, [
      { loanId: b, type: 'repayment', clientId: 'rp-b', on, amountMinor: 20_900n },
      { loanId: b, type: 'repayment', clientId: 'rp-b', on, amountMinor: 1n },
      { loanId: b, type: 'creditBalanceRefund', clientId: 'cbr-too-much', on, amountMinor: 1n },
      { loanId: 'loan_missing', type: 'repayment', clientId: 'rp-x', on, amountMinor: 100n },
      { loanId: b, type: 'repayment', clientId: 'rp-late', on: addDays(on, 5), amountMinor: 100n },
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'client_id_reused', 'amount_exceeds_credit_balance', 'loan_not_found', 'date_not_open']);
    expect(await postingsOf(b)).toEqual(before);
  });

  it('collects what each locked loan owes by the caller, once, and nothing from a loan owing nothing', async () => {
    const [a, b] = loanIds as [string, string];
    const eventsBefore = (await services.loans.get(T, a))!.events;
    const owed = (loan: { id: string }): bigint => (loan.id === a ? 100n : 0n);
    const collections = [{ loanId: a, clientId: 'col-a' }, { loanId: b, clientId: 'col-b' }, { loanId: 'loan_missing', clientId: 'col-x' }];
    const outcomes = await services.loanBatches.collect(T, on, collections, owed);
    expect(outcomes.map((o) => (o === null ? null : o.ok ? 'ok' : o.code))).toEqual(['ok', null, null]);
    const [again] = await services.loanBatches.collect(T, on, collections.slice(0, 1), owed);
    expect(again?.ok).toBe(true);
    expect((await services.loans.get(T, a))!.events).toBe(eventsBefore + 1);
  });

  it('refuses a batch above limits.loanEventBatchMax as a caller bug', async () => {
    const events = Array.from({ length: limits.loanEventBatchMax + 1 }, (_, i) => ({ loanId: loanIds[0]!, type: 'repayment' as const, clientId: `big-${i}`, on, amountMinor: 1n }));
    await expect(services.loanBatches.applyEvents(T, events)).rejects.toThrow(AssertionError);
  });
});
