import { describe, expect, it } from 'vitest';
import { businessDateOf, epochMs, instantFromEpochMs, type Instant } from '../kernel/instant.ts';
import { isTransferSuccess } from './result-codes.ts';
import { createInMemoryLedger, PURE_TIME_ZONE } from './simulation/in-memory-ledger.ts';
import { LedgerModel } from './simulation/reference-model.ts';
import { CHART, STATE_CASES, TRANSFER_VALIDATION_CASES, type StateCase } from './simulation/result-code-cases.ts';

/** Runs a case on the pure state machine; returns the batch's results. */
function runPure(c: StateCase) {
  const ledger = createInMemoryLedger();
  ledger.addAccounts(CHART);
  for (const request of c.setup ?? []) expect(ledger.apply([request])[0]?.every(isTransferSuccess), `setup of ${c.name}`).toBe(true);
  ledger.nowMs += c.advanceMs ?? 0;
  if (c.sweep) ledger.expire();
  return ledger.apply(c.batch);
}

/** Runs a case on the reference model, one request after another. */
function runModel(c: StateCase) {
  const model = new LedgerModel();
  model.addAccounts(CHART);
  let nowMs = epochMs('2026-03-01T02:00:00.000Z' as Instant);
  const today = () => businessDateOf(instantFromEpochMs(nowMs), PURE_TIME_ZONE);
  for (const request of c.setup ?? []) model.submit(request, nowMs, today());
  nowMs += c.advanceMs ?? 0;
  if (c.sweep) model.expire(nowMs);
  return c.batch.map((request) => model.submit(request, nowMs, today()));
}

describe('applyBatch answers each state in precedence order', () => {
  it.each(STATE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runPure(c)).toEqual(c.expected);
    expect(runModel(c)).toEqual(c.expected);
  });

  it.each(TRANSFER_VALIDATION_CASES.filter((c) => c.expected !== null).map((c) => [c.expected, c] as const))('passes on the validation code %s', (_name, c) => {
    const ledger = createInMemoryLedger();
    ledger.addAccounts(CHART);
    expect(ledger.apply([[c.input]])).toEqual([[c.expected]]);
  });
});

describe('applyBatch', () => {
  it('gives the same results whether requests share a batch or not', () => {
    const requests = STATE_CASES.flatMap((c) => [...(c.setup ?? []), ...c.batch]).map((r, i) => r.map((t) => ({ ...t, id: `${t.id}_${i}` })));
    const together = createInMemoryLedger();
    const apart = createInMemoryLedger();
    together.addAccounts(CHART);
    apart.addAccounts(CHART);
    expect(together.apply(requests)).toEqual(requests.map((r) => apart.apply([r])[0]));
  });
});
