import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Instant } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import { normaliseApplication, type RiskApplication } from './features/application.ts';
import { IdentityGraph } from './graph/identity-graph.ts';
import { ListIndex } from './lists/list-index.ts';
import { loadStrategy } from './strategy/compile.ts';
import { parseStrategyText } from './strategy/parse.ts';

const fresh = (): Record<string, any> => JSON.parse(readFileSync(new URL('./strategies/default-consumer.json', import.meta.url), 'utf8'));
const firstIssue = (doc: unknown): string => {
  const result = loadStrategy(doc);
  return result.ok ? '' : `${result.issues[0]?.path}: ${result.issues[0]?.message}`;
};

const app: RiskApplication = {
  applicationId: 'app_1', customerId: 'cus_1', appliedAt: '2026-03-01T10:00:00.000Z' as Instant,
  requestedAmountMinor: 100n, monthlyIncomeMinor: 100n, termMonths: 12, age: 30, identity: { idNumber: 'X1' },
};

describe('risk limits are enforced', () => {
  it('riskStrategyDerivedFeaturesMax', () => {
    const doc = fresh();
    doc.features = Object.fromEntries(Array.from({ length: limits.riskStrategyDerivedFeaturesMax + 1 }, (_, i) => [`f${i}`, 1]));
    expect(firstIssue(doc)).toContain('more than the limit');
  });

  it('riskConditionValuesMax', () => {
    const doc = fresh();
    doc.rules[0].when = { feature: 'age', op: 'in', values: Array.from({ length: limits.riskConditionValuesMax + 1 }, (_, i) => i) };
    expect(firstIssue(doc)).toMatch(/^rules\[0\]\.when\.values: .*more than the limit/);
  });

  it('riskScoreReasonCodesMax', () => {
    const doc = fresh();
    doc.scoreReasonCount = limits.riskScoreReasonCodesMax + 1;
    expect(firstIssue(doc)).toMatch(/^scoreReasonCount/);
  });

  it('riskStrategyDocumentBytesMax', () => {
    expect(parseStrategyText(' '.repeat(limits.riskStrategyDocumentBytesMax + 1))).toMatchObject({ issues: [{ message: expect.stringContaining('larger than the limit') }] });
  });

  it('riskApplicationContactsMax and riskIdentifierLengthMax', () => {
    const contacts = Array.from({ length: limits.riskApplicationContactsMax + 1 }, (_, i) => `1380000${i}`);
    expect(normaliseApplication({ ...app, identity: { idNumber: 'X1', contacts } })).toMatchObject({ ok: false, param: 'identity.contacts' });
    expect(normaliseApplication({ ...app, identity: { idNumber: 'X1', address: 'a'.repeat(limits.riskIdentifierLengthMax + 1) } })).toMatchObject({ ok: false, param: 'identity.address' });
  });

  it('riskListEntriesMax', () => {
    const lists = new ListIndex();
    expect(lists.hasRoomFor('black', limits.riskListEntriesMax)).toBe(true);
    expect(lists.hasRoomFor('black', limits.riskListEntriesMax + 1)).toBe(false);
  });

  it('riskGraphIdentifierIdNumbersMax is the default cap', () => {
    const graph = new IdentityGraph();
    for (let i = 0; i <= limits.riskGraphIdentifierIdNumbersMax; i++) graph.addApplication(`ID${i}`, ['ip:campus']);
    expect(graph.componentOf('ID0').people).toBe(limits.riskGraphIdentifierIdNumbersMax);
    expect(graph.componentOf(`ID${limits.riskGraphIdentifierIdNumbersMax}`).people).toBe(1);
  });
});
