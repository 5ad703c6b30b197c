// The real `lendcore loan simulate` process: a golden vector from a file and from standard input,
// and bad input answered with a JSON error and exit status 2.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenVectors } from '../../lending/schedules/golden-vectors.ts';

const bin = resolve(import.meta.dirname, '../../../bin/lendcore.js');
const dir = mkdtempSync(join(tmpdir(), 'lendcore-simulate-'));

function run(args: string[], stdin?: string): { status: number | null; json: Record<string, unknown> } {
  const result = spawnSync(process.execPath, [bin, 'loan', 'simulate', ...args], { input: stdin, encoding: 'utf8' });
  return { status: result.status, json: JSON.parse(result.stdout) as Record<string, unknown> };
}

describe('lendcore loan simulate', () => {
  const vector = goldenVectors('servicing').find((v) => v.name === 'weekly-recalc-early-prepayment')!;

  it('prints the schedule and payoff of a vector read from a file', () => {
    const file = join(dir, 'weekly.json');
    writeFileSync(file, JSON.stringify(vector.input));
    const { status, json } = run([file]);
    expect(status).toBe(0);
    expect(json.payoff).toEqual({ on: '2024-01-15', amount: '3551.93' });
    expect((json.installments as { status: string }[]).map((i) => i.status)).toEqual(['paid', 'paid', 'future', 'future']);
  });

  it('reads standard input', () => {
    const { status, json } = run([], JSON.stringify(vector.input));
    expect(status).toBe(0);
    expect(json.daysPastDue).toBe(0);
  });

  it('answers events out of date order with a JSON error and exit status 2', () => {
    const input = { ...(vector.input as object), events: [{ type: 'repayment', on: '2024-01-10', amount: '10.00' }, { type: 'repayment', on: '2024-01-08', amount: '10.00' }] };
    const { status, json } = run([], JSON.stringify(input));
    expect(status).toBe(2);
    expect(json).toEqual({ error: { code: 'event_out_of_order', message: expect.any(String), param: 'events.1.on' } });
  });

  it('answers a bad loan field with exit status 2', () => {
    const input = { ...(vector.input as object), loan: { ...(vector.input as { loan: object }).loan, recalculation: { rest: 'weekly' } } };
    const { status, json } = run([], JSON.stringify(input));
    expect(status).toBe(2);
    expect(json.error).toMatchObject({ code: 'unknown_value', param: 'loan.recalculation.rest' });
  });
});
