import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabaseAcross } from '../../db/test-database.ts';

const CURRENCY_MIGRATION = '0257_drawdown_and_hold_currency';

/** A USD line with a drawdown and a hold, written before drawdowns and holds kept their currency. */
async function seedEarlierForm(db: Database): Promise<void> {
  const at = '2026-01-05T00:00:00Z';
  await db.query(`INSERT INTO lending_credit_lines (tenant_id, id, offer_id, customer_id, product_id, product_version, currency, limit_minor, terms, opened_on, created_at)
    VALUES ('t', 'line-usd', 'offer-1', 'cust-1', 'cash', 1, 'USD', 100000, '{}', '2026-01-05', $1)`, [at]);
  await db.query(`INSERT INTO lending_drawdowns (tenant_id, id, line_id, loan_id, kind, principal_minor, term, disbursed_on, schedule, apr_percent, created_at)
    VALUES ('t', 'dd-1', 'line-usd', 'loan-1', 'cash', 5000, 6, '2026-01-05', '{}', 18, $1)`, [at]);
  await db.query(`INSERT INTO lending_holds (tenant_id, id, line_id, amount_minor, term, merchant_id, expires_at, created_at)
    VALUES ('t', 'hold-1', 'line-usd', 2000, 3, 'shop', $1, $1)`, [at]);
}

describe(`migration ${CURRENCY_MIGRATION}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabaseAcross(CURRENCY_MIGRATION, seedEarlierForm);
  });
  afterAll(() => db.close());

  it('gives drawdowns and holds written before it their line\'s currency', async () => {
    expect(await db.query('SELECT id, currency FROM lending_drawdowns')).toEqual([{ id: 'dd-1', currency: 'USD' }]);
    expect(await db.query('SELECT id, currency FROM lending_holds')).toEqual([{ id: 'hold-1', currency: 'USD' }]);
  });

  it('leaves the rows append-only again', async () => {
    await expect(db.query("UPDATE lending_drawdowns SET currency = 'CNY'")).rejects.toThrow(/append-only/);
    await expect(db.query("UPDATE lending_holds SET currency = 'CNY'")).rejects.toThrow(/append-only/);
  });
});
