// The real `lendcore schedule` / `lendcore apr` processes: JSON out on a vector, a JSON error and exit
// status 2 on bad input; and the program's help, which lists every command.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenVectors } from '../../lending/schedules/golden-vectors.ts';

const bin = resolve(import.meta.dirname, '../../../bin/lendcore.js');
const dir = mkdtempSync(join(tmpdir(), 'lendcore-cli-'));

function run(args: string[], stdin?: string): { status: number | null; json: Record<string, unknown>; stdout: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { input: stdin, encoding: 'utf8' });
  const stdout = result.stdout;
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    // table output
  }
  return { status: result.status, json, stdout };
}

function writeInput(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('lendcore schedule', () => {
  const vector = goldenVectors('schedule').find((v) => v.name === 'equal-installments-rounded-emi')!;

  it('prints the schedule of a vector read from a file', () => {
    const { status, json } = run(['schedule', writeInput('rs02.json', vector.input)]);
    expect(status).toBe(0);
    const installments = json.installments as { n: number; total: string }[];
    expect(installments).toHaveLength(18);
    expect(installments[0]!.total).toBe('305.00');
    expect(json.totals).toMatchObject({ principal: '5000.00', interest: '488.22', total: '5488.22' });
    expect(json.apr).toMatchObject({ aprPercent: expect.stringMatching(/^(11\.99|12\.00)\d\d$/) });
  });

  it('reads standard input and prints a table on request', () => {
    const { status, stdout } = run(['schedule', '--format', 'table'], JSON.stringify(vector.input));
    expect(status).toBe(0);
    expect(stdout).toContain('2024-05-01');
    expect(stdout).toContain('5488.22');
  });

  it('answers bad input with a JSON error naming the field and exit status 2', () => {
    const { status, json } = run(['schedule', writeInput('bad.json', { ...(vector.input as object), installments: 0 })]);
    expect(status).toBe(2);
    expect(json).toEqual({ error: { code: 'out_of_range', message: expect.any(String), param: 'installments' } });
  });

  it('answers malformed JSON with exit status 2', () => {
    const { status, json } = run(['schedule'], '{"principal": ');
    expect(status).toBe(2);
    expect((json.error as { code: string }).code).toBe('invalid_json');
  });
});

describe('lendcore apr', () => {
  it('prints the APR of a vector', () => {
    const vector = goldenVectors('apr').find((v) => v.name === 'us-monthly-regular')!;
    const { status, json } = run(['apr', writeInput('regz.json', vector.input)]);
    expect(status).toBe(0);
    expect(json).toMatchObject({ aprPercent: '9.6857', method: 'usRegZ' });
  });

  it('refuses payments that never repay the advance with exit status 2', () => {
    const input = { method: 'cnIrr', advances: [{ on: '2024-01-01', amount: '1000.00' }], payments: [{ on: '2024-02-01', amount: '10.00' }] };
    const { status, json } = run(['apr', writeInput('never.json', input)]);
    expect(status).toBe(2);
    expect(json.error).toMatchObject({ code: 'payments_do_not_repay', param: 'payments' });
  });
});

// Only the area a command names is loaded (main.ts); help and a near miss still see them all.
describe('lendcore', () => {
  it('lists every command in its help, and suggests one for a near miss', () => {
    const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' }).stdout;
    for (const command of ['migrate', 'serve', 'schedule', 'apr', 'risk', 'loan', 'eod', 'demo']) expect(help).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
    const nearMiss = spawnSync(process.execPath, [bin, 'sched'], { encoding: 'utf8' });
    expect(nearMiss.status).not.toBe(0);
    expect(nearMiss.stderr).toContain('Did you mean schedule?');
  });
});
