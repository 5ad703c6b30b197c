import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabaseAcross } from '../../db/test-database.ts';
import { wireServices } from '../../compose.ts';
import { buildApp } from '../../api/app.ts';

const REPORT_MIGRATION = '0265_eod_reports_in_major_units';

// A report of the earlier form (amounts as strings of minor units, ties without their currency), one
// of the current form, and a running date with no report yet.
const legacy = {
  tied: false,
  trialBalances: [{ ledger: 'CNY', debitsPosted: '1234567', creditsPosted: '1234500', balanced: false }, { ledger: 'JPY', debitsPosted: '900', creditsPosted: '900', balanced: true }],
  receivables: [
    { productId: 'cash', role: 'loansReceivable', subLedgerMinor: '100005', ledgerMinor: '99998' },
    { productId: 'yen', role: 'interestReceivable', subLedgerMinor: '42', ledgerMinor: '42' },
  ],
  breaks: ['CNY trial balance: debits 1234567 ≠ credits 1234500'],
};
const current = {
  tied: true,
  trialBalances: [{ ledger: 'CNY', debitsPosted: '12.00', creditsPosted: '12.00', balanced: true }],
  receivables: [{ productId: 'cash', currency: 'CNY', role: 'feeReceivable', subLedger: '0.50', ledger: '0.50' }],
  creditBalances: [{ productId: 'cash', currency: 'CNY', subLedger: '0.00', ledger: '0.00' }],
  breaks: [],
};

/** Two products, and three runs: a report of each form and a running date. */
async function seedEarlierForm(db: Database): Promise<void> {
  const at = '2026-01-05T00:00:00Z';
  for (const [product, c] of [['cash', 'CNY'], ['yen', 'JPY']]) {
    await db.query(`INSERT INTO lending_product_versions (tenant_id, product_id, version, type, currency, document, created_at) VALUES ('default', $1, 1, 'cashLoan', $2, '{}', $3)`, [product, c, at]);
  }
  const run = (date: string, status: string, report: unknown) => db.query(
    `INSERT INTO lending_eod_runs (tenant_id, business_date, status, chunks, loans, started_at, closed_at, report) VALUES ('default', $1, $2, 0, 0, $3, $3, $4)`,
    [date, status, at, report === null ? null : JSON.stringify(report)],
  );
  await run('2026-01-05', 'closed', legacy);
  await run('2026-01-06', 'closed', current);
  await run('2026-01-07', 'running', null);
}

describe(`migration ${REPORT_MIGRATION}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabaseAcross(REPORT_MIGRATION, seedEarlierForm);
  });
  afterAll(() => db.close());

  it('rewrites a report of the earlier form in major units of each amount\'s currency, and leaves the others as they were', async () => {
    const reports = new Map((await db.query<{ business_date: string; report: unknown }>('SELECT business_date::text, report FROM lending_eod_runs')).map((r) => [r.business_date, r.report]));
    expect(reports.get('2026-01-05')).toEqual({
      tied: false,
      trialBalances: [{ ledger: 'CNY', debitsPosted: '12345.67', creditsPosted: '12345.00', balanced: false }, { ledger: 'JPY', debitsPosted: '900', creditsPosted: '900', balanced: true }],
      receivables: [
        { productId: 'cash', currency: 'CNY', role: 'loansReceivable', subLedger: '1000.05', ledger: '999.98' },
        { productId: 'yen', currency: 'JPY', role: 'interestReceivable', subLedger: '42', ledger: '42' },
      ],
      breaks: legacy.breaks,
    });
    expect(reports.get('2026-01-06')).toEqual(current);
    expect(reports.get('2026-01-07')).toBeNull();
  });

  it('lets the API read every run again', async () => {
    const services = wireServices(db);
    const app = await buildApp(services);
    try {
      const page = await app.inject({ method: 'GET', url: '/v1/eod/runs' });
      expect(page.statusCode).toBe(200);
      expect(page.json().items.map((r: { businessDate: string }) => r.businessDate)).toEqual(['2026-01-07', '2026-01-06', '2026-01-05']);
    } finally {
      await app.close();
    }
  });
});
