// Every golden servicing vector (Apache Fineract's own expectations), read from ../shared/vectors at
// test time and run through the function the CLI runs; only the fields a vector lists are compared.
import { describe, expect, it } from 'vitest';
import { loanSimulateOutput } from '../../cli/commands/loan-simulate.ts';
import { goldenVectors } from '../schedules/golden-vectors.ts';

interface ExpectedRow extends Record<string, unknown> {
  readonly n: number;
}

describe('golden servicing vectors', () => {
  it.each(goldenVectors('servicing').map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const output = loanSimulateOutput(vector.input) as unknown as Record<string, unknown>;
    const installments = output.installments as Record<string, unknown>[];
    for (const row of (vector.expect.installments ?? []) as ExpectedRow[]) {
      const actual = installments.find((i) => i.n === row.n);
      expect(actual, `installment ${row.n}`).toBeDefined();
      for (const [field, value] of Object.entries(row)) expect(actual![field], `installment ${row.n} ${field}`).toBe(value);
    }
    for (const key of ['totals', 'payoff'] as const) {
      const expected = (vector.expect[key] ?? {}) as Record<string, unknown>;
      for (const [field, value] of Object.entries(expected)) expect((output[key] as Record<string, unknown>)[field], `${key}.${field}`).toBe(value);
    }
    if (vector.expect.daysPastDue !== undefined) expect(output.daysPastDue).toBe(vector.expect.daysPastDue);
  });
});
