// Every golden APR vector, through the same function the CLI runs, within the vector's tolerance.
import { describe, expect, it } from 'vitest';
import { aprCommandOutput } from '../../cli/commands/apr.ts';
import { goldenVectors } from '../schedules/golden-vectors.ts';

describe('golden APR vectors', () => {
  it.each(goldenVectors('apr').map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const output = aprCommandOutput(vector.input);
    const expected = Number(vector.expect.aprPercent);
    const tolerance = Number(vector.expect.tolerance ?? '0.005');
    expect(Math.abs(Number(output.aprPercent) - expected), `${output.aprPercent} vs ${expected}`).toBeLessThanOrEqual(tolerance + 1e-9);
    expect(output.method).toBe((vector.input as { method: string }).method);
  });
});
