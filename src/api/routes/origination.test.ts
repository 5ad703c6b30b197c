import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { ok, err } from '../../kernel/result.ts';
import { createLedger, type Ledger } from '../../ledger/ledger.ts';
import { prcCheckCharacter } from '../../lending/customers/id-number.ts';
import { createPiiHasher, DEVELOPMENT_PII_KEY } from '../../lending/customers/pii.ts';
import { builtInPolicy } from '../../lending/origination/decision-port.ts';
import type { LoanOpener, OpenLoanRequest } from '../../lending/origination/loan-opener.ts';
import { wireLending } from '../../lending/origination/wire.ts';
import { buildApp } from '../app.ts';

/** The loan book's stand-in: records every loan it is asked to open; refuses principal 666.00. */
const opened: OpenLoanRequest[] = [];
const fakeLoans: LoanOpener = {
  async open(_tx, requests) {
    return requests.map((request) => {
      if (request.principalMinor === 66_600n) return err('loan_refused_by_fake', 'the fake refuses 666.00');
      opened.push(request);
      return ok([]);
    });
  },
};

let db: Database;
let app: FastifyInstance;
let ledger: Ledger;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);

beforeAll(async () => {
  db = await openTestDatabase({ maxConnections: 10 });
  ledger = createLedger({ db, clock });
  const lending = wireLending({ db, clock, ledger, decisions: builtInPolicy(), loans: fakeLoans, pii: createPiiHasher(DEVELOPMENT_PII_KEY) });
  app = await buildApp({ db, clock, ledger, lending });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = (url: string, payload: unknown = {}, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string) => app.inject({ method: 'GET', url });
const count = async (table: string) => Number((await db.query<{ n: bigint }>(`SELECT count(*)::int8 AS n FROM ${table}`))[0]?.n);

function prcId(first17: string): string {
  return first17 + prcCheckCharacter(first17);
}

const feeProduct = {
  type: 'installment',
  currency: 'CNY',
  amount: { min: '100.00', max: '20000.00' },
  terms: [3, 6, 12, 24],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } },
  offerExample: { amount: '10000.00', term: 12 },
};

async function openLine(customerId: string, income = '8000.00'): Promise<{ lineId: string; offer: { id: string; aprPercent: string } }> {
  const applied = await post('/v1/credit-line-applications', { customerId, productId: 'bnpl', monthlyIncome: income });
  expect(applied.statusCode).toBe(201);
  const offer = applied.json().offer;
  const accepted = await post(`/v1/offers/${offer.id}/accept`);
  expect(accepted.statusCode).toBe(201);
  return { lineId: accepted.json().id, offer };
}

describe('HTTP origination: products → customers → applications → offers → lines → drawdowns and holds', () => {
  it('creates a product with its ledger accounts, and revises it into a new version', async () => {
    const created = await post('/v1/products', { id: 'bnpl', document: feeProduct });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'bnpl', version: 1, type: 'installment', currency: 'CNY' });
    expect((await post('/v1/products', { id: 'bnpl', document: feeProduct })).statusCode).toBe(200);
    const accounts = (await get('/v1/products/bnpl/accounts')).json().accounts;
    expect(accounts.loansReceivable).toBe('prod_bnpl_loansReceivable');
    expect((await get(`/v1/ledger/accounts/${accounts.fundingSource}`)).statusCode).toBe(200);

    const bad = await post('/v1/products', { id: 'bad', document: { ...feeProduct, pricing: { kind: 'fee', rate: { value: '0.5', per: 'fortnight' } } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'unknown_value', param: 'document.pricing.rate.per' });
    expect((await get('/v1/products/bad')).statusCode).toBe(404);
  });

  it('registers customers: ID number hashed and masked, one customer per person', async () => {
    const idNumber = prcId('11010519900515123');
    const body = { id: 'cust-ann', idNumber, name: 'Ann', phone: '13800138000', birthOn: '1990-05-15' };
    const created = await post('/v1/customers', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'cust-ann', idType: 'prcResidentId', idNumberMasked: `110***********${idNumber.slice(-4)}`, phoneMasked: '138****8000' });
    expect(created.body).not.toContain(idNumber);
    expect(JSON.stringify(await db.query('SELECT * FROM lending_customers'))).not.toContain(idNumber);
    expect((await post('/v1/customers', body)).statusCode).toBe(200);

    const twice = await post('/v1/customers', { ...body, id: 'cust-ann-2' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({ code: 'customer_exists', existingId: 'cust-ann' });

    const before = await count('lending_customers');
    const badChecksum = await post('/v1/customers', { ...body, id: 'cust-x', idNumber: `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}` });
    expect(badChecksum.statusCode).toBe(400);
    expect(badChecksum.json().error).toMatchObject({ code: 'id_number_invalid', param: 'idNumber' });
    const mismatch = await post('/v1/customers', { ...body, id: 'cust-y', idNumber: prcId('11010519900516123') });
    expect(mismatch.json().error.code).toBe('birth_date_mismatch');
    expect(await count('lending_customers')).toBe(before);
  });

  it('answers concurrent registrations, coalesced into one insert, each as if it came alone', async () => {
    const bob = { idNumber: prcId('11010519850203123'), name: 'Bob', phone: '13900139000', birthOn: '1985-02-03' };
    const replies = await Promise.all([
      post('/v1/customers', { ...bob, id: 'cust-bob' }),
      post('/v1/customers', { ...bob, id: 'cust-bob' }),
      post('/v1/customers', { ...bob, id: 'cust-bob-2' }),
      post('/v1/customers', { ...bob, id: 'cust-ann' }),
      post('/v1/customers', { ...bob, id: 'cust-bad', phone: '12' }),
    ]);
    expect(replies.map((r) => r.statusCode)).toEqual([201, 200, 409, 409, 400]);
    expect(replies[1]?.json()).toMatchObject({ id: 'cust-bob', name: 'Bob' });
    expect(replies[2]?.json().error).toMatchObject({ code: 'customer_exists', existingId: 'cust-bob' });
    expect(replies[3]?.json().error).toMatchObject({ code: 'id_reused', param: 'id' });
    expect(replies[4]?.json().error).toMatchObject({ code: 'phone_invalid' });
    expect(await db.query('SELECT id FROM lending_customers WHERE id LIKE $1', ['cust-b%'])).toEqual([{ id: 'cust-bob' }]);
  });

  it('reads customers by id, concurrent reads (coalesced) each answered as if it came alone', async () => {
    const reads = await Promise.all(['cust-ann', 'cust-bob', 'nobody', 'cust-ann'].map((id) => get(`/v1/customers/${id}`)));
    expect(reads.map((r) => r.statusCode)).toEqual([200, 200, 404, 200]);
    expect(reads.map((r) => r.json().id ?? r.json().error.code)).toEqual(['cust-ann', 'cust-bob', 'customer_not_found', 'cust-ann']);
    expect(reads[0]?.json()).toMatchObject({ name: 'Ann', phoneMasked: '138****8000' });
    expect(reads[0]?.json()).not.toHaveProperty('idNumberHash');
  });

  it('applies, offers at an all-in APR computed before it is shown, and opens the line on acceptance', async () => {
    const applied = await post('/v1/credit-line-applications', { id: 'app-ann', customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '8000.00' });
    expect(applied.statusCode).toBe(201);
    const application = applied.json();
    expect(application.decision).toMatchObject({ outcome: 'approve', limit: '20000.00', priceTier: 'B' });
    expect(application.offer).toMatchObject({ limit: '20000.00', totalCost: '600.00', status: 'open', productVersion: 1 });
    expect(Number(application.offer.aprPercent)).toBeCloseTo(10.9, 1);
    expect((await post('/v1/credit-line-applications', { id: 'app-ann', customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '8000.00' })).statusCode).toBe(200);

    const accepted = await post(`/v1/offers/${application.offer.id}/accept`, { lineId: 'line-ann' });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({ id: 'line-ann', limit: '20000.00', available: '20000.00', held: '0.00', outstandingPrincipal: '0.00', productVersion: 1 });
    // The usage the new line was shown with is the one its limit account holds.
    expect((await get('/v1/credit-lines/line-ann')).json()).toEqual(accepted.json());
    expect((await post(`/v1/offers/${application.offer.id}/accept`, { lineId: 'line-ann' })).statusCode).toBe(200);
    expect((await get('/v1/credit-lines?customerId=cust-ann')).json().items).toHaveLength(1);
  });

  it('draws cash: the loan opens with the limit posting; refusals write nothing', async () => {
    const drawn = await post('/v1/credit-lines/line-ann/drawdowns', { id: 'dd-1', amount: '1000.00', term: 3 });
    expect(drawn.statusCode).toBe(201);
    expect(drawn.json()).toMatchObject({ id: 'dd-1', kind: 'cash', currency: 'CNY', principal: '1000.00', term: 3 });
    expect(drawn.json().schedule.installments).toHaveLength(3);
    expect(opened.at(-1)).toMatchObject({ lineId: 'line-ann', customerId: 'cust-ann', productId: 'bnpl', productVersion: 1, principalMinor: 100_000n, term: 3, kind: 'cash' });
    expect((await post('/v1/credit-lines/line-ann/drawdowns', { id: 'dd-1', amount: '1000.00', term: 3 })).statusCode).toBe(200);
    expect((await post('/v1/credit-lines/line-ann/drawdowns', { id: 'dd-1', amount: '2000.00', term: 3 })).json().error.code).toBe('id_reused');

    // The fake opener books nothing in the database; the loan book's own rollback is batches.test.ts's.
    const before = { drawdowns: await count('lending_drawdowns'), transfers: await count('ledger_transfers'), failed: await count('ledger_failed_transfers') };
    const refusals: [unknown, number, string][] = [
      [{ amount: '19500.00', term: 3 }, 422, 'limit_exceeded'],
      [{ amount: '500.00', term: 5 }, 422, 'term_not_allowed'],
      [{ amount: '50.00', term: 3 }, 422, 'amount_out_of_range'],
      [{ amount: '1.001', term: 3 }, 400, 'amount_precision_exceeded'],
      [{ amount: '666.00', term: 3 }, 422, 'loan_refused_by_fake'],
    ];
    for (const [body, status, code] of refusals) {
      const refused = await post('/v1/credit-lines/line-ann/drawdowns', body);
      expect([refused.statusCode, refused.json().error.code]).toEqual([status, code]);
    }
    expect((await post('/v1/credit-lines/nope/drawdowns', { amount: '10.00', term: 3 })).json().error.code).toBe('line_not_found');
    expect({ drawdowns: await count('lending_drawdowns'), transfers: await count('ledger_transfers'), failed: await count('ledger_failed_transfers') }).toEqual(before);
    expect((await get('/v1/credit-lines/line-ann')).json()).toMatchObject({ available: '19000.00', outstandingPrincipal: '1000.00' });
  });

  it('holds at checkout, then captures into a purchase loan, or voids to release the limit', async () => {
    const held = await post('/v1/credit-lines/line-ann/holds', { id: 'hold-1', amount: '500.00', term: 6, merchantId: 'shop-1' });
    expect(held.statusCode).toBe(201);
    expect(held.json()).toMatchObject({ status: 'authorized', amount: '500.00' });
    expect((await get('/v1/credit-lines/line-ann')).json()).toMatchObject({ available: '18500.00', held: '500.00' });

    const captured = await post('/v1/holds/hold-1/capture', { amount: '450.00', drawdownId: 'dd-p1' });
    expect(captured.statusCode).toBe(201);
    expect(captured.json()).toMatchObject({ id: 'dd-p1', kind: 'purchase', holdId: 'hold-1', merchantId: 'shop-1', principal: '450.00', term: 6 });
    expect(opened.at(-1)).toMatchObject({ kind: 'purchase', merchantId: 'shop-1', principalMinor: 45_000n });
    expect((await post('/v1/holds/hold-1/capture', { amount: '450.00', drawdownId: 'dd-p1' })).statusCode).toBe(200);
    expect((await post('/v1/holds/hold-1/void')).json().error.code).toBe('hold_already_captured');
    expect((await get('/v1/holds/hold-1')).json()).toMatchObject({ currency: 'CNY', status: 'captured', captured: '450.00', drawdownId: 'dd-p1' });
    expect((await get('/v1/credit-lines/line-ann')).json()).toMatchObject({ available: '18550.00', held: '0.00', outstandingPrincipal: '1450.00' });

    await post('/v1/credit-lines/line-ann/holds', { id: 'hold-2', amount: '300.00', term: 3, merchantId: 'shop-1' });
    expect((await get('/v1/credit-lines/line-ann')).json().available).toBe('18250.00');
    const voided = await post('/v1/holds/hold-2/void');
    expect(voided.statusCode).toBe(200);
    expect(voided.json().status).toBe('voided');
    expect((await post('/v1/holds/hold-2/capture')).json().error.code).toBe('hold_already_voided');
    expect((await get('/v1/credit-lines/line-ann')).json()).toMatchObject({ available: '18550.00', held: '0.00' });

    expect((await post('/v1/holds/hold-3/capture')).json().error.code).toBe('hold_not_found');
    const over = await post('/v1/credit-lines/line-ann/holds', { amount: '18600.00', term: 3, merchantId: 'shop-1' });
    expect(over.json().error.code).toBe('limit_exceeded');

    // The line's holds, a page at a time, each with its status now.
    const first = (await get('/v1/credit-lines/line-ann/holds?limit=1')).json();
    expect(first.items.map((h: { id: string; status: string }) => [h.id, h.status])).toEqual([['hold-1', 'captured']]);
    const rest = (await get(`/v1/credit-lines/line-ann/holds?cursor=${first.nextCursor}`)).json();
    expect(rest).toEqual({ items: [expect.objectContaining({ id: 'hold-2', status: 'voided', amount: '300.00' })], nextCursor: null });
    expect((await get('/v1/credit-lines/nope/holds')).json().error.code).toBe('line_not_found');
  });

  it('refuses unknown products and customers, and a price above the APR cap, writing nothing', async () => {
    const before = await count('lending_applications');
    expect((await post('/v1/credit-line-applications', { customerId: 'cust-ann', productId: 'nope', monthlyIncome: '8000.00' })).json().error.code).toBe('product_not_found');
    expect((await post('/v1/credit-line-applications', { customerId: 'nobody', productId: 'bnpl', monthlyIncome: '8000.00' })).json().error.code).toBe('customer_not_found');
    await post('/v1/products', { id: 'dear', document: { ...feeProduct, pricing: { kind: 'fee', rate: { value: '1.5', per: 'month' } } } });
    const dear = await post('/v1/credit-line-applications', { customerId: 'cust-ann', productId: 'dear', monthlyIncome: '8000.00' });
    expect(dear.statusCode).toBe(422);
    expect(dear.json().error.code).toBe('apr_exceeds_cap');
    expect(await count('lending_applications')).toBe(before);
  });

  it('keeps a signed line on its version when the product changes', async () => {
    const revised = await post('/v1/products/bnpl/versions', { document: { ...feeProduct, pricing: { kind: 'fee', rate: { value: '0.6', per: 'month' } } }, basedOnVersion: 1 });
    expect(revised.statusCode).toBe(201);
    expect(revised.json().version).toBe(2);
    expect((await post('/v1/products/bnpl/versions', { document: feeProduct, basedOnVersion: 1 })).json().error.code).toBe('product_version_conflict');
    expect((await get('/v1/products/bnpl/versions')).json().items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const line = (await get('/v1/credit-lines/line-ann')).json();
    expect(line.productVersion).toBe(1);
    expect(line.terms.pricing.rate.value).toBe('0.5');
    await post('/v1/credit-lines/line-ann/drawdowns', { id: 'dd-after', amount: '100.00', term: 3 });
    expect(opened.at(-1)).toMatchObject({ productVersion: 1, scheduleSpec: { rate: { per: 'month' } } });
    expect(opened.at(-1)?.scheduleSpec.rate.percent).toEqual({ units: 5n, scale: 1 });
    await expect(db.query("UPDATE lending_product_versions SET version = 9 WHERE product_id = 'bnpl'")).rejects.toThrow(/append-only/);
  });

  it('withdraws a product from sale with a new version, while offers made and lines signed go on', async () => {
    await post('/v1/products', { id: 'seasonal', document: feeProduct });
    const applied = (await post('/v1/credit-line-applications', { customerId: 'cust-ann', productId: 'seasonal', monthlyIncome: '8000.00' })).json();
    const withdrawn = await post('/v1/products/seasonal/versions', { document: { ...feeProduct, onSale: false }, basedOnVersion: 1 });
    expect(withdrawn.statusCode).toBe(201);
    expect((await get('/v1/products/seasonal')).json().document.onSale).toBe(false);
    const before = await count('lending_applications');
    const refused = await post('/v1/credit-line-applications', { customerId: 'cust-ann', productId: 'seasonal', monthlyIncome: '8000.00' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error).toMatchObject({ code: 'product_not_on_sale', param: 'productId' });
    expect(await count('lending_applications')).toBe(before);
    // The offer made before goes on to a line on its version, and the line draws.
    const line = await post(`/v1/offers/${applied.offer.id}/accept`, { lineId: 'line-seasonal' });
    expect(line.json()).toMatchObject({ id: 'line-seasonal', productVersion: 1 });
    expect((await post('/v1/credit-lines/line-seasonal/drawdowns', { amount: '100.00', term: 3 })).statusCode).toBe(201);
    expect((await post('/v1/products/seasonal/versions', { document: { ...feeProduct, onSale: 'no' }, basedOnVersion: 2 })).json().error).toMatchObject({ param: 'document.onSale' });
  });

  it('lets an offer expire', async () => {
    const customer = await post('/v1/customers', { idNumber: prcId('31010119850101002'), phone: '13900139000', birthOn: '1985-01-01' });
    const applied = (await post('/v1/credit-line-applications', { customerId: customer.json().id, productId: 'bnpl', monthlyIncome: '30000.00' })).json();
    expect(applied.decision.priceTier).toBe('A');
    clock.advanceMs(8 * 86_400_000);
    const late = await post(`/v1/offers/${applied.offer.id}/accept`);
    expect(late.json().error.code).toBe('offer_expired');
    expect((await get(`/v1/offers/${applied.offer.id}`)).json().status).toBe('expired');
  });

  it('never draws beyond the limit, even from 50 concurrent requests', async () => {
    const customer = await post('/v1/customers', { idNumber: prcId('44030619920202001'), phone: '13700137000', birthOn: '1992-02-02' });
    const { lineId } = await openLine(customer.json().id, '1000.00'); // limit 3,000.00
    const attempts = await Promise.all(Array.from({ length: 50 }, (_, i) => post(`/v1/credit-lines/${lineId}/drawdowns`, { id: `race-${i}`, amount: '250.00', term: 3 })));
    const succeeded = attempts.filter((r) => r.statusCode === 201).length;
    const refused = attempts.filter((r) => r.statusCode === 422);
    expect(succeeded + refused.length).toBe(50);
    expect(refused.every((r) => r.json().error.code === 'limit_exceeded')).toBe(true);
    expect(BigInt(succeeded) * 25_000n).toBeLessThanOrEqual(300_000n);
    expect(succeeded).toBe(12);
    const [account] = await ledger.lookupAccounts('default', [`lim_${lineId}`]);
    expect(account && account.creditsPosted - account.debitsPosted - account.debitsPending).toBe(0n);
    expect((await get(`/v1/credit-lines/${lineId}`)).json()).toMatchObject({ available: '0.00', outstandingPrincipal: '3000.00' });
    expect((await get(`/v1/credit-lines/${lineId}/drawdowns?limit=5`)).json().items).toHaveLength(5);
  });

  it('draws a batch across lines: one result per item, as each alone would answer, refusals writing nothing', async () => {
    const available = async () => (await get('/v1/credit-lines/line-ann')).json().available as string;
    const before = { available: await available(), drawdowns: await count('lending_drawdowns'), failed: await count('ledger_failed_transfers') };
    const batch = await post('/v1/drawdowns/batch', {
      drawdowns: [
        { lineId: 'line-ann', amount: '100.00', term: 3 },
        { lineId: 'line-ann', amount: '19990.00', term: 3 },
        { lineId: 'line-ann', id: 'dd-shop-1', amount: '200.00', term: 6, merchantId: 'mall-1', purpose: 'order 81' },
        { lineId: 'line-ann', amount: '666.00', term: 3 },
        { lineId: 'line-ann', id: 'dd-1', amount: '1000.00', term: 3 },
        { lineId: 'nope', amount: '10.00', term: 3 },
      ],
    });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results as { status: number; drawdown?: { kind: string }; error?: { code: string } }[];
    expect(results.map((r) => [r.status, r.drawdown?.kind ?? r.error?.code])).toEqual([
      [201, 'cash'], [422, 'limit_exceeded'], [201, 'purchase'], [422, 'loan_refused_by_fake'], [200, 'cash'], [404, 'line_not_found'],
    ]);
    expect(await count('lending_drawdowns')).toBe(before.drawdowns + 2);
    expect(await count('ledger_failed_transfers')).toBe(before.failed);
    expect(Number(await available())).toBe(Number(before.available) - 300);
    expect((await post('/v1/drawdowns/batch', { drawdowns: [] })).json().error.code).toBe('validation_failed');
  });

  it('applies in a batch: decided in order, one result per item with the status it would answer alone', async () => {
    const batch = await post('/v1/credit-line-applications/batch', {
      applications: [
        { id: 'app-b1', customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '9000.00' },
        { customerId: 'nobody', productId: 'bnpl' },
        { id: 'app-b1', customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '9000.00' },
        { customerId: 'cust-ann', productId: 'no-such-product' },
      ],
    });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results as { status: number; application?: { id: string; decision: { outcome: string } }; error?: { code: string } }[];
    expect(results.map((r) => [r.status, r.application?.id ?? r.error?.code])).toEqual([[201, 'app-b1'], [404, 'customer_not_found'], [200, 'app-b1'], [404, 'product_not_found']]);
    expect((await get('/v1/credit-line-applications/app-b1')).json()).toMatchObject({ id: 'app-b1', decision: results[0]?.application?.decision });
  });

  it('accepts offers in a batch: each line opened with its limit, one result per item', async () => {
    const applied = await post('/v1/credit-line-applications/batch', {
      applications: [{ customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '9000.00' }, { customerId: 'cust-ann', productId: 'bnpl', monthlyIncome: '9000.00' }],
    });
    const [first, second] = (applied.json().results as { application: { offer: { id: string } } }[]).map((r) => r.application.offer.id);
    const batch = await post('/v1/offers/accept/batch', {
      acceptances: [{ offerId: first, lineId: 'line-b1' }, { offerId: 'no-such-offer' }, { offerId: second }, { offerId: first, lineId: 'line-b1' }],
    });
    expect(batch.statusCode).toBe(200);
    const results = batch.json().results as { status: number; line?: { id: string; available: string; limit: string }; error?: { code: string } }[];
    expect(results.map((r) => [r.status, r.line ? 'line' : r.error?.code])).toEqual([[201, 'line'], [404, 'offer_not_found'], [201, 'line'], [200, 'line']]);
    expect(results[0]?.line).toMatchObject({ id: 'line-b1', available: results[0]?.line?.limit });
  });

  it('changes a customer\'s phone number by a new version, the registration kept as it was', async () => {
    const changed = await post('/v1/customers/cust-ann/phone', { phone: '139 0013 9111' });
    expect(changed.statusCode).toBe(201);
    expect(changed.json().phoneMasked).toBe('139****9111');
    expect((await get('/v1/customers/cust-ann')).json().phoneMasked).toBe('139****9111');
    expect((await get('/v1/customers?limit=1000')).json().items.find((c: { id: string }) => c.id === 'cust-ann').phoneMasked).toBe('139****9111');
    expect((await post('/v1/customers/cust-ann/phone', { phone: '13900139111' })).statusCode).toBe(200);
    // A replay of the registration still answers the customer.
    const registration = { id: 'cust-ann', idNumber: prcId('11010519900515123'), name: 'Ann', phone: '13800138000', birthOn: '1990-05-15' };
    expect((await post('/v1/customers', registration)).statusCode).toBe(200);
    const versions = await count('lending_customer_phones');
    expect((await post('/v1/customers/cust-ann/phone', { phone: 'call me' })).json().error).toMatchObject({ code: 'phone_invalid', param: 'phone' });
    expect((await post('/v1/customers/nobody/phone', { phone: '13900139111' })).json().error.code).toBe('customer_not_found');
    expect(await count('lending_customer_phones')).toBe(versions);
    await expect(db.query("UPDATE lending_customer_phones SET phone = '1'")).rejects.toThrow(/append-only/);

    // Changes at once each take the next version; the customer ends with one of them.
    const phones = ['13700000001', '13700000002', '13700000003', '13700000004', '13700000005'];
    const replies = await Promise.all(phones.map((phone) => post('/v1/customers/cust-ann/phone', { phone })));
    expect(replies.map((r) => r.statusCode)).toEqual(phones.map(() => 201));
    expect(await count('lending_customer_phones')).toBe(versions + phones.length);
    const last = (await db.query<{ phone: string }>("SELECT phone FROM lending_customer_phones WHERE customer_id = 'cust-ann' ORDER BY version DESC LIMIT 1"))[0]?.phone;
    expect((await get('/v1/customers/cust-ann')).json().phoneMasked).toBe(`${last?.slice(0, 3)}****${last?.slice(-4)}`);
  });

  it('documents every route in OpenAPI', async () => {
    const paths = Object.keys((await get('/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/v1/products', '/v1/products/{id}/versions', '/v1/customers', '/v1/credit-line-applications', '/v1/credit-line-applications/batch',
      '/v1/offers/{id}/accept', '/v1/offers/accept/batch',
      '/v1/credit-lines/{id}', '/v1/credit-lines/{id}/drawdowns', '/v1/drawdowns/batch', '/v1/credit-lines/{id}/holds', '/v1/holds/{id}/capture',
      '/v1/holds/{id}/void', '/v1/holds/{id}', '/v1/customers/{id}/phone',
    ]));
  });
});
