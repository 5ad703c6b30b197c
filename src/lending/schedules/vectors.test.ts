// Every golden schedule vector, through the same function the CLI runs; only the fields a vector
// lists are compared.
import { describe, expect, it } from 'vitest';
import { scheduleCommandOutput } from '../../cli/commands/schedule.ts';
import { goldenVectors } from './golden-vectors.ts';

interface ExpectedRow extends Record<string, unknown> {
  readonly n: number;
}

describe('golden schedule vectors', () => {
  it.each(goldenVectors('schedule').map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const output = scheduleCommandOutput(vector.input);
    for (const row of (vector.expect.installments ?? []) as ExpectedRow[]) {
      const actual = output.installments.find((i) => i.n === row.n);
      expect(actual, `installment ${row.n}`).toBeDefined();
      for (const [field, value] of Object.entries(row)) {
        expect((actual as unknown as Record<string, unknown>)[field], `installment ${row.n} ${field}`).toBe(value);
      }
    }
    const totals = (vector.expect.totals ?? {}) as Record<string, string>;
    for (const [field, value] of Object.entries(totals)) {
      expect((output.totals as Record<string, string>)[field], `totals.${field}`).toBe(value);
    }
  });
});
