import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { createLedger } from '../../ledger/ledger.ts';
import { ACCOUNT_ROLES } from './chart-of-accounts.ts';
import { createProducts, type Products } from './products.ts';

let db: Database;
let products: Products;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const doc = { type: 'cashLoan', amount: { min: '500.00', max: '50000.00' }, terms: [6, 12], pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } } };

beforeAll(async () => {
  db = await openTestDatabase();
  const ledger = createLedger({ db, clock });
  products = createProducts({ db, clock, ledger });
});
afterAll(async () => db.close());

describe('product versions', () => {
  it('creates version 1 and the chart of accounts, idempotently', async () => {
    const first = await products.create('t1', 'cash', doc);
    expect(first.ok && first.value).toMatchObject({ created: true, value: { productId: 'cash', version: 1 } });
    const again = await products.create('t1', 'cash', doc);
    expect(again.ok && again.value.created).toBe(false);
    const other = await products.create('t1', 'cash', { ...doc, terms: [12] });
    expect(!other.ok && other.code).toBe('product_exists');
    const accounts = await products.productAccounts('t1', 'cash');
    expect(Object.keys(accounts ?? {})).toEqual(ACCOUNT_ROLES);
    const rows = await db.query('SELECT id FROM ledger_accounts WHERE tenant_id = $1 AND id LIKE $2', ['t1', 'prod_cash_%']);
    expect(rows).toHaveLength(ACCOUNT_ROLES.length);
    expect(await products.productAccounts('t1', 'nope')).toBeNull();
    expect(await products.productAccounts('t2', 'cash')).toBeNull();
  });

  it('revises into a new version; the same document again makes none; type and currency are fixed', async () => {
    const revised = await products.revise('t1', 'cash', { ...doc, terms: [6, 12, 24] });
    expect(revised.ok && revised.value).toMatchObject({ created: true, value: { version: 2 } });
    const same = await products.revise('t1', 'cash', { ...doc, terms: [6, 12, 24] });
    expect(same.ok && same.value).toMatchObject({ created: false, value: { version: 2 } });
    const retyped = await products.revise('t1', 'cash', { ...doc, type: 'installment' });
    expect(!retyped.ok && retyped.code).toBe('product_type_fixed');
    const recurrenced = await products.revise('t1', 'cash', { ...doc, currency: 'USD' });
    expect(!recurrenced.ok && recurrenced.code).toBe('product_currency_fixed');
    const stale = await products.revise('t1', 'cash', { ...doc, terms: [3] }, 1);
    expect(!stale.ok && stale.code).toBe('product_version_conflict');
    const bad = await products.revise('t1', 'cash', { ...doc, amount: { min: '1.00' } });
    expect(!bad.ok && { code: bad.code, param: bad.param }).toEqual({ code: 'missing_field', param: 'document.amount.max' });

    expect((await products.get('t1', 'cash'))?.version).toBe(2);
    expect((await products.get('t1', 'cash', 1))?.document.terms).toEqual([6, 12]);
    expect((await products.versions('t1', 'cash')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('keeps versions append-only', async () => {
    await expect(db.query("DELETE FROM lending_product_versions WHERE product_id = 'cash'")).rejects.toThrow(/append-only/);
  });

  it('lists current versions a page at a time', async () => {
    for (const id of ['a', 'b', 'c']) await products.create('t3', id, doc);
    const first = await products.list('t3', { limit: 2 });
    expect(first.items.map((p) => p.productId)).toEqual(['a', 'b']);
    const rest = await products.list('t3', { limit: 2, cursor: first.nextCursor });
    expect(rest).toMatchObject({ items: [{ productId: 'c' }], nextCursor: null });
  });
});
