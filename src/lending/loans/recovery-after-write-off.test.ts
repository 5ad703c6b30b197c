/**
 * A written-off loan takes recoveries on any later open business date. End of day closes active
 * loans only, so the written-off loan's own open date stays the day after its write-off; the loan
 * book brings it up to the event's date (bug: recoveries after that one day were refused as
 * `date_not_open`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioSnapshot } from '../../analytics/portfolio.ts';
import { vintageSnapshot } from '../../analytics/vintages.ts';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { addDays, localDate, type LocalDate } from '../../kernel/local-date.ts';
import { scheduleSpecFor } from '../products/drawdown-terms.ts';
import { createPortfolioProducts } from '../simulation/portfolio.ts';
import { loanTermsFor } from './loan-opener.ts';

let services: Services;
const tenantId = 't1';

beforeAll(async () => {
  services = wireServices(await openTestDatabase(), manualClock('2026-01-01T02:00:00.000Z' as Instant));
  const docs = await createPortfolioProducts(services.lending.products, tenantId);
  const doc = docs.get('cash')!;
  const spec = scheduleSpecFor(doc, doc.pricing, { principalMinor: 100_000n, term: 6, disbursedOn: localDate('2026-01-01') });
  const [opened] = await services.db.transaction((tx) =>
    services.loans.open(tx, [{ tenantId, loanId: 'wo-1', lineId: null, customerId: 'c1', productId: 'cash', productVersion: 1, terms: { ...loanTermsFor(doc, spec), writeOffDaysPastDue: 3 } }]),
  );
  expect(opened?.ok).toBe(true);
});
afterAll(async () => services.close());

async function closeThrough(from: LocalDate, through: LocalDate): Promise<void> {
  for (let d = from; d <= through; d = addDays(d, 1)) {
    const run = await services.endOfDay.run({ tenantId, businessDate: d });
    expect(run.ok && run.value.reconciliation.tied).toBe(true);
  }
}

describe('recoveries after write-off', () => {
  it('are taken on the open business date however long after the write-off', async () => {
    await closeThrough(localDate('2026-01-01'), localDate('2026-02-20'));
    const loan = await services.loans.get(tenantId, 'wo-1');
    expect(loan?.state).toMatchObject({ status: 'writtenOff', openOn: '2026-02-05' }); // due 02-01, written off at 3 days past due
    const late = await services.loans.apply(tenantId, 'wo-1', 'recovery', { clientId: 'rc-1', on: localDate('2026-02-21'), amountMinor: 5_000n });
    expect(late.ok && late.value.loan.state).toMatchObject({ status: 'writtenOff', openOn: '2026-02-21', recoveredMinor: 5_000n });
    const ahead = await services.loans.apply(tenantId, 'wo-1', 'recovery', { clientId: 'rc-2', on: localDate('2026-03-01'), amountMinor: 1_000n });
    expect(!ahead.ok && ahead.code).toBe('date_not_open');
    const closed = await services.loans.apply(tenantId, 'wo-1', 'recovery', { clientId: 'rc-3', on: localDate('2026-02-10'), amountMinor: 1_000n });
    expect(!closed.ok && closed.code).toBe('event_out_of_order');
    await closeThrough(localDate('2026-02-21'), localDate('2026-02-21'));
  });

  it('count in the portfolio report and the vintage table as principal written off', async () => {
    const portfolio = await portfolioSnapshot(services.db, services.ledger, tenantId, 'CNY');
    expect(portfolio.writtenOffPrincipalMinor).toBe(100_000n);
    const vintage = await vintageSnapshot(services.db, tenantId, localDate('2026-02-21'));
    expect(vintage.cohorts).toEqual([{ month: '2026-01', loans: 1, originalMinor: 100_000n, dpd30PlusMinor: 100_000n }]);
  });
});
