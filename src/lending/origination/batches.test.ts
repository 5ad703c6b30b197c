// A batch (applications, drawdowns, acceptances) is many single requests in one transaction: each request gets the
// outcome it would get alone, a refused one writes nothing (not even a spent ledger id), and the rest
// stand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import { prcCheckCharacter } from '../customers/id-number.ts';
import { drawTransfer } from './credit-limits.ts';
import type { CreditLine } from './records.ts';

let services: Services;
const tenantId = 't1';
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const product = {
  type: 'installment', currency: 'CNY', amount: { min: '100.00', max: '20000.00' }, terms: [3, 6],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } }, offerExample: { amount: '5000.00', term: 6 },
};
const lines: CreditLine[] = [];

/** A new customer's approved offer. */
async function offerFor(n: number): Promise<string> {
  const customerId = `c${n}`;
  const first17 = `1101051990030700${n}`;
  expect((await services.lending.customers.create(tenantId, { id: customerId, idType: 'prcResidentId', idNumber: first17 + prcCheckCharacter(first17), phone: `1380000000${n}`, birthOn: '1990-03-07' })).ok).toBe(true);
  const applied = await services.lending.applications.apply(tenantId, { customerId, productId: 'bnpl', monthlyIncome: '12000.00', requestedLimit: '5000.00' });
  if (!applied.ok || applied.value.value.offer === null) throw new Error(`no offer for ${customerId}`);
  return applied.value.value.offer.id;
}

async function openLine(n: number): Promise<CreditLine> {
  const accepted = await services.lending.applications.accept(tenantId, await offerFor(n), {});
  if (!accepted.ok) throw new Error(accepted.code);
  return accepted.value.value;
}

beforeAll(async () => {
  services = wireServices(await openTestDatabase(), clock);
  expect((await services.lending.products.create(tenantId, 'bnpl', product)).ok).toBe(true);
  lines.push(await openLine(1), await openLine(2));
});
afterAll(async () => {
  await services.close();
});

const available = async (line: CreditLine) => (await services.lending.drawdowns.usage(tenantId, line)).availableMinor;

describe('drawMany', () => {
  it('makes every drawdown it can, refuses the rest alone, and a refusal writes nothing', async () => {
    const [a, b] = lines as [CreditLine, CreditLine];
    const before = await available(a);
    const over = `${(before + 100n) / 100n}.00`;
    const outcomes = await services.lending.drawdowns.drawMany(tenantId, [
      { lineId: a.id, id: 'dd-cash', amount: '1000.00', term: 3 },
      { lineId: a.id, id: 'dd-over', amount: over, term: 3 },
      { lineId: b.id, id: 'dd-shop', amount: '250.00', term: 6, merchantId: 'm1', purpose: 'order-7' },
      { lineId: 'no-such-line', amount: '10.00', term: 3 },
      { lineId: b.id, amount: '10.00', term: 5 },
    ]);
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.code))).toEqual(['ok', 'limit_exceeded', 'ok', 'line_not_found', 'amount_out_of_range']);
    expect(outcomes[2]).toMatchObject({ ok: true, value: { created: true, value: { kind: 'purchase', merchantId: 'm1', holdId: null, purpose: 'order-7' } } });
    expect(await available(a)).toBe(before - 100_000n);

    // The refused drawdown left no row, no loan and no spent ledger id: the same id may draw later.
    const [loans] = await services.db.query('SELECT count(*)::int8 AS n FROM lending_loans WHERE tenant_id = $1 AND line_id = $2', [tenantId, a.id]);
    expect(loans?.n).toBe(1n);
    expect(await services.lending.drawdowns.getDrawdown(tenantId, 'dd-over')).toBeNull();
    const [spent] = await services.db.query('SELECT count(*)::int8 AS n FROM ledger_failed_transfers WHERE tenant_id = $1 AND id = $2', [tenantId, drawTransfer('dd-over', a.id, 'CNY' as never, 1n).id]);
    expect(spent?.n).toBe(0n);
    const retried = await services.lending.drawdowns.draw(tenantId, a.id, { id: 'dd-over', amount: '100.00', term: 3 });
    expect(retried.ok).toBe(true);

    // Every made drawdown opened its loan.
    for (const o of outcomes) if (o.ok) expect(await services.loans.get(tenantId, o.value.value.loanId)).not.toBeNull();
  });

  it('answers a replay with the first drawdown and a changed request under a used id with id_reused', async () => {
    const [a] = lines as [CreditLine];
    const outcomes = await services.lending.drawdowns.drawMany(tenantId, [
      { lineId: a.id, id: 'dd-cash', amount: '1000.00', term: 3 },
      { lineId: a.id, id: 'dd-cash', amount: '999.00', term: 3 },
      { lineId: a.id, id: 'dd-twice', amount: '200.00', term: 3 },
      { lineId: a.id, id: 'dd-twice', amount: '200.00', term: 3 },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.created : o.code))).toEqual([false, 'id_reused', true, false]);
    const loans = await services.db.query('SELECT count(*)::int8 AS n FROM lending_loans WHERE tenant_id = $1 AND line_id = $2', [tenantId, a.id]);
    expect(loans[0]?.n).toBe(3n); // dd-cash, dd-over (retried), dd-twice
  });

  it('refuses items at different steps of one batch (a used id, then the limit) and makes the rest', async () => {
    const [, b] = lines as [CreditLine, CreditLine];
    const before = await available(b);
    const outcomes = await services.lending.drawdowns.drawMany(tenantId, [
      { lineId: b.id, id: 'dd-both-1', amount: '300.00', term: 3 },
      { lineId: b.id, id: 'dd-both-1', amount: '400.00', term: 3 },
      { lineId: b.id, id: 'dd-both-over', amount: `${(before + 100n) / 100n}.00`, term: 3 },
      { lineId: b.id, id: 'dd-both-2', amount: '200.00', term: 6 },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.created : o.code))).toEqual([true, 'id_reused', 'limit_exceeded', true]);
    expect(await available(b)).toBe(before - 50_000n);
    expect(await services.lending.drawdowns.getDrawdown(tenantId, 'dd-both-over')).toBeNull();
    for (const o of outcomes) if (o.ok) expect(await services.loans.get(tenantId, o.value.value.loanId)).not.toBeNull();
  });

  it('refuses a batch above limits.drawdownBatchMax as a caller bug', async () => {
    const requests = Array.from({ length: limits.drawdownBatchMax + 1 }, () => ({ lineId: 'x', amount: '1.00', term: 3 }));
    await expect(services.lending.drawdowns.drawMany(tenantId, requests)).rejects.toThrow(/at most/);
  });
});

describe('acceptMany', () => {
  it('opens a line per offer with its limit on the ledger, and answers replays and unknown offers', async () => {
    const [first, second] = [await offerFor(3), await offerFor(4)];
    const outcomes = await services.lending.applications.acceptMany(tenantId, [
      { offerId: first, lineId: 'line-3' },
      { offerId: 'no-such-offer' },
      { offerId: second },
      { offerId: first, lineId: 'line-3' },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.created : o.code))).toEqual([true, 'offer_not_found', true, false]);
    const [other] = await services.lending.applications.acceptMany(tenantId, [{ offerId: first, lineId: 'line-other' }]);
    expect(other).toMatchObject({ ok: false, code: 'id_reused' });
    for (const o of outcomes) if (o.ok) expect(await available(o.value.value)).toBe(o.value.value.limitMinor);

    const again = await services.lending.applications.acceptMany(tenantId, [{ offerId: second }, { offerId: first, lineId: 'line-3' }]);
    expect(again.map((o) => (o.ok ? [o.value.created, o.value.value.id] : o.code))).toEqual([[false, outcomes[2]?.ok && outcomes[2].value.value.id], [false, 'line-3']]);
  });

  it('leaves out an offer whose line accounts are taken, and opens the rest', async () => {
    // An account already there under the line's limit account id, with another shape.
    expect((await services.ledger.createAccounts(tenantId, [{ id: 'lim_line-taken', ledger: 'CNY', code: 1 }])).ok).toBe(true);
    const [first, second] = [await offerFor(5), await offerFor(6)];
    const outcomes = await services.lending.applications.acceptMany(tenantId, [{ offerId: first, lineId: 'line-taken' }, { offerId: second, lineId: 'line-6' }]);
    expect(outcomes.map((o) => (o.ok ? o.value.created : o.code))).toEqual(['id_reused', true]);
    expect(await services.lending.applications.getLine(tenantId, 'line-taken')).toBeNull();
    const opened = outcomes[1];
    if (opened?.ok) expect(await available(opened.value.value)).toBe(opened.value.value.limitMinor);
  });

  it('answers id_reused to an offer accepted as a line id another offer opened', async () => {
    const [first, second] = [await offerFor(7), await offerFor(8)];
    expect((await services.lending.applications.accept(tenantId, first, { lineId: 'line-7' })).ok).toBe(true);
    expect(await services.lending.applications.accept(tenantId, second, { lineId: 'line-7' })).toMatchObject({ ok: false, code: 'id_reused' });
  });

  it('refuses a batch above limits.acceptanceBatchMax as a caller bug', async () => {
    const requests = Array.from({ length: limits.acceptanceBatchMax + 1 }, (_, i) => ({ offerId: `o${i}` }));
    await expect(services.lending.applications.acceptMany(tenantId, requests)).rejects.toThrow(/at most/);
  });
});

describe('applyMany', () => {
  it('decides and records every application it can, answering each as it would alone', async () => {
    const first17 = '11010519900307005';
    expect((await services.lending.customers.create(tenantId, { id: 'c5', idType: 'prcResidentId', idNumber: first17 + prcCheckCharacter(first17), phone: '13800000005', birthOn: '1990-03-07' })).ok).toBe(true);
    const request = { customerId: 'c5', productId: 'bnpl', monthlyIncome: '12000.00', requestedLimit: '5000.00' };
    const outcomes = await services.lending.applications.applyMany(tenantId, [
      { ...request, id: 'app-5' },
      { ...request, productId: 'no-such-product' },
      { ...request, customerId: 'no-such-customer' },
      { ...request, id: 'app-5' },
      { ...request, id: 'app-5', requestedLimit: '6000.00' },
      { ...request, monthlyIncome: '1.234' },
    ]);
    expect(outcomes.map((o) => (o.ok ? o.value.created : o.code))).toEqual([true, 'product_not_found', 'customer_not_found', false, 'id_reused', 'amount_precision_exceeded']);
    const made = outcomes[0]?.ok ? outcomes[0].value.value : null;
    expect(made?.application).toMatchObject({ id: 'app-5', outcome: 'approve' });
    expect(made?.offer?.applicationId).toBe('app-5');
    const offers = await services.db.query('SELECT count(*)::int8 AS n FROM lending_offers WHERE tenant_id = $1 AND application_id = $2', [tenantId, 'app-5']);
    expect(offers[0]?.n).toBe(1n);
    expect(await services.risk.decisions.forApplication(tenantId, 'app-5')).toHaveLength(1);

    const [again] = await services.lending.applications.applyMany(tenantId, [{ ...request, id: 'app-5' }]);
    expect(again).toMatchObject({ ok: true, value: { created: false, value: { offer: { id: made?.offer?.id } } } });
  });

  it('refuses a batch above limits.applicationBatchMax as a caller bug', async () => {
    const requests = Array.from({ length: limits.applicationBatchMax + 1 }, () => ({ customerId: 'c1', productId: 'bnpl' }));
    await expect(services.lending.applications.applyMany(tenantId, requests)).rejects.toThrow(/at most/);
  });
});

// A command answers the records it made without reading them back: each must be the record a read finds.
describe('records answered when made', () => {
  it('are the records read back: application, offer, line and drawdown', async () => {
    const first17 = '11010519900307006';
    expect((await services.lending.customers.create(tenantId, { id: 'c6', idType: 'prcResidentId', idNumber: first17 + prcCheckCharacter(first17), phone: '13800000006', birthOn: '1990-03-07' })).ok).toBe(true);
    const applied = await services.lending.applications.apply(tenantId, { id: 'app-read-back', customerId: 'c6', productId: 'bnpl', monthlyIncome: '12000.00' });
    if (!applied.ok || applied.value.value.offer === null) throw new Error('no offer');
    const { application, offer } = applied.value.value;
    expect(await services.lending.applications.getApplication(tenantId, application.id)).toStrictEqual({ application, offer });
    expect(await services.lending.applications.getOffer(tenantId, offer.id)).toStrictEqual(offer);

    const accepted = await services.lending.applications.accept(tenantId, offer.id, { lineId: 'line-read-back' });
    if (!accepted.ok) throw new Error(accepted.code);
    expect(await services.lending.applications.getLine(tenantId, 'line-read-back')).toStrictEqual(accepted.value.value);

    const drawn = await services.lending.drawdowns.draw(tenantId, 'line-read-back', { id: 'dd-read-back', amount: '1234.56', term: 6 });
    if (!drawn.ok) throw new Error(drawn.code);
    expect(await services.lending.drawdowns.getDrawdown(tenantId, 'dd-read-back')).toStrictEqual(drawn.value.value);
  });
});
