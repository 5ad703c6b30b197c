import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { localDate } from '../../kernel/local-date.ts';
import { currency } from '../../kernel/money.ts';
import { createRiskServices, type RiskServices } from '../../risk/services.ts';
import type { ApplicationInput, DecisionPort } from './decision-port.ts';
import { riskDecisionPort } from './risk-decision-port.ts';

let db: Database;
let risk: RiskServices;
let port: DecisionPort;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);

beforeAll(async () => {
  db = await openTestDatabase();
  risk = createRiskServices({ db, clock, ids: createIdGenerator(clock) });
  port = riskDecisionPort(risk);
});
afterAll(async () => {
  await db.close();
});

let n = 0;
function application(change: Partial<ApplicationInput> = {}): ApplicationInput {
  n++;
  return {
    applicationId: `app-${n}`,
    customer: { id: `c-${n}`, birthOn: localDate('1992-06-01'), idNumberHash: `hash-${n}`, phone: `1380000${String(n).padStart(4, '0')}` },
    signals: { deviceId: `dev-${n}` },
    appliedAt: clock.now(),
    product: { id: 'p', version: 1, type: 'installment', currency: currency('CNY'), amountMinMinor: 10_000n, amountMaxMinor: 2_000_000n },
    requestedLimitMinor: 1_000_000n,
    monthlyIncomeMinor: 1_200_000n,
    appliedOn: localDate('2026-03-01'),
    ...change,
  };
}

describe('the risk engine as the decision port', () => {
  it('starts a tenant on the default strategy and approves within the product range', async () => {
    const d = (await port.decide('t1', [application()]))[0]!;
    expect(d.outcome).toBe('approve');
    expect(d.limitMinor).toBeGreaterThan(0n);
    expect(d.limitMinor).toBeLessThanOrEqual(2_000_000n);
    expect(d.decisionId).toMatch(/^dec_/);
  });

  it('never grants more than the applicant asked for', async () => {
    const d = (await port.decide('t1', [application({ requestedLimitMinor: 50_000n })]))[0]!;
    expect(d).toMatchObject({ outcome: 'approve', limitMinor: 50_000n });
  });

  it('declines a blacklisted phone with its reason', async () => {
    const a = application();
    expect((await risk.lists.add('t1', { list: 'black', type: 'phone', value: a.customer.phone })).ok).toBe(true);
    expect((await port.decide('t1', [a]))[0]!).toMatchObject({ outcome: 'reject', limitMinor: 0n, reasons: expect.arrayContaining(['BLACKLISTED']) });
  });

  it('catches a device shared by many identities (a fraud ring)', async () => {
    const outcomes = [];
    for (let i = 0; i < 6; i++) outcomes.push(((await port.decide('t1', [application({ signals: { deviceId: 'ring-device' } })]))[0]!).outcome);
    expect(outcomes.slice(0, 3)).toEqual(['approve', 'approve', 'approve']);
    expect(outcomes.slice(4)).toEqual(['reject', 'reject']);
  });

  it('decides a batch in order: a ring arriving together is caught as if one by one, a repeated id answers its first decision', async () => {
    const ring = Array.from({ length: 6 }, () => application({ signals: { deviceId: 'ring-device-2' } }));
    const decided = await port.decide('t1', [...ring, ring[0]!, application({ requestedLimitMinor: 0n })]);
    expect(decided.map((d) => d.outcome)).toEqual(['approve', 'approve', 'approve', decided[3]?.outcome, 'reject', 'reject', 'approve', 'review']);
    expect(decided[6]?.decisionId).toBe(decided[0]?.decisionId);
    expect((await port.decide('t1', [ring[4]!]))[0]?.decisionId).toBe(decided[4]?.decisionId);
  });

  it('sends an application the engine cannot decide to review', async () => {
    expect((await port.decide('t1', [application({ requestedLimitMinor: 0n })]))[0]!).toMatchObject({ outcome: 'review', limitMinor: 0n, reasons: ['invalid_application'] });
  });
});
