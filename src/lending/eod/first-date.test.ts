/**
 * A tenant's first business date to close: today when it has no loan (never a mistyped date, before
 * or after), and the date a first run left unfinished, however far the clock has moved on since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../../compose.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';

let services: Services;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant); // 10:00 on 2026-03-01 in Shanghai

beforeAll(async () => {
  services = wireServices(await openTestDatabase(), clock);
});
afterAll(async () => services.close());

const close = async (tenantId: string, date: string) => {
  const run = await services.endOfDay.run({ tenantId, businessDate: localDate(date) });
  return run.ok ? 'closed' : run.code;
};

describe('the first business date a tenant closes', () => {
  it('is today when the tenant has no loan', async () => {
    expect(await close('t1', '2026-03-02')).toBe('business_date_out_of_order');
    expect(await close('t1', '2026-02-28')).toBe('business_date_out_of_order');
    expect(await close('t1', '2026-03-01')).toBe('closed');
    expect(await close('t1', '2026-03-02')).toBe('closed');
  });

  it('is the date a first run left unfinished, even after the clock has moved on', async () => {
    // What a first run that died after cutting its chunks leaves behind.
    await services.db.query("INSERT INTO lending_eod_runs (tenant_id, business_date, status, chunks, loans, started_at) VALUES ('t2', '2026-02-20', 'running', 0, 0, $1)", [clock.now()]);
    expect(await close('t2', '2026-03-01')).toBe('business_date_out_of_order');
    expect(await close('t2', '2026-02-20')).toBe('closed');
    expect(await close('t2', '2026-02-21')).toBe('closed');
  });
});
