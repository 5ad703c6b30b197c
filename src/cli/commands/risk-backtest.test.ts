import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { registerRiskBacktestCommand } from './risk-backtest.ts';

const GERMAN = '/work/shared/data/german_credit.csv';
const dir = mkdtempSync(join(tmpdir(), 'backtest-'));

const germanStrategy = {
  kind: 'lendcore.strategy',
  name: 'german-backtest',
  currency: 'EUR',
  inputs: [
    { name: 'duration_in_month', type: 'number' },
    { name: 'credit_amount', type: 'number' },
    { name: 'age_in_years', type: 'number' },
    { name: 'status_of_existing_checking_account', type: 'string' },
  ],
  features: { amountPerMonth: { ratio: ['credit_amount', 'duration_in_month'] } },
  rules: [
    { id: 'LONG', when: { feature: 'duration_in_month', op: 'gt', value: 48 }, outcome: 'reject', reason: 'TERM_TOO_LONG' },
    { id: 'YOUNG_BIG', when: { all: [{ feature: 'age_in_years', op: 'lt', value: 25 }, { feature: 'credit_amount', op: 'gte', value: 8000 }] }, outcome: 'review', reason: 'YOUNG_LARGE_LOAN' },
  ],
  scorecard: {
    kind: 'lendcore.scorecard', version: 1, target: { column: 'creditability', bad: 'bad' },
    scaling: { basePoints: 600, baseOdds: 50, pdo: 20 }, intercept: 0, basePoints: 500,
    features: [
      { name: 'status_of_existing_checking_account', kind: 'categorical', coefficient: 1, iv: 0.6, otherPoints: 0, bins: [
        { categories: ['no checking account'], woe: 1.2, points: 60 },
        { categories: ['... >= 200 DM / salary assignments for at least 1 year'], woe: 0.4, points: 35 },
        { categories: ['0 <= ... < 200 DM'], woe: -0.4, points: 10 },
        { categories: ['... < 0 DM'], woe: -0.8, points: 0 }] },
      { name: 'duration_in_month', kind: 'numeric', coefficient: 1, iv: 0.2, missingPoints: 0, bins: [
        { upper: 12, woe: 0.5, points: 40 }, { upper: 24, woe: 0, points: 25 }, { upper: null, woe: -0.5, points: 5 }] },
      { name: 'age_in_years', kind: 'numeric', coefficient: 1, iv: 0.1, missingPoints: 0, bins: [
        { upper: 26, woe: -0.4, points: 5 }, { upper: 35, woe: 0, points: 20 }, { upper: null, woe: 0.3, points: 30 }] },
    ],
  },
  cutoff: { reject: 540, review: 560 },
  scoreBands: [{ name: 'A', min: 600 }, { name: 'B', min: 560 }, { name: 'C', min: null }],
  decisionTable: {
    incomeBands: [{ name: 'any', monthlyIncomeMin: '0' }],
    cells: ['A', 'B', 'C'].map((scoreBand, i) => ({ scoreBand, incomeBand: 'any', limit: `${(3 - i) * 5000}.00`, priceTier: `P${i + 1}` })),
  },
};

async function backtest(args: string[]): Promise<{ output: any; exitCode: number | undefined }> {
  let printed = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    printed += String(chunk);
    return true;
  });
  const program = new Command().exitOverride();
  registerRiskBacktestCommand(program.command('risk'));
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'lendcore', 'risk', 'backtest', ...args]);
  } finally {
    write.mockRestore();
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { output: JSON.parse(printed), exitCode };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('lendcore risk backtest', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reports approval and bad rates by score band on the German credit data (YAML strategy)', async () => {
    const strategy = file('german.yaml', stringify(germanStrategy));
    const { output, exitCode } = await backtest(['--strategy', strategy, '--data', GERMAN, '--target', 'creditability', '--bad', 'bad']);
    expect(exitCode).toBeUndefined();
    expect(output.rows).toBe(1000);
    expect(output.bad).toBe(300);
    expect(output.outcomes.approve + output.outcomes.review + output.outcomes.reject).toBe(1000);
    expect(output.byScoreBand.map((b: { band: string }) => b.band)).toEqual(['A', 'B', 'C']);
    expect(output.byScoreBand.reduce((sum: number, b: { rows: number }) => sum + b.rows, 0)).toBe(1000);
    // A working scorecard: the best band's bad rate is below the worst's, and approving filters bads out.
    expect(output.byScoreBand[0].badRate).toBeLessThan(output.byScoreBand[2].badRate);
    expect(output.approvedBadRate).toBeLessThan(output.badRate);
  });

  it.each([
    ['a missing target column', (s: string, d: string) => ['--strategy', s, '--data', d, '--target', 'defaulted', '--bad', '1'], 'missing_column', 'target'],
    ['a malformed number', (s: string) => ['--strategy', s, '--data', file('bad.csv', 'duration_in_month,creditability\n12,good\ntwelve,bad\n'), '--target', 'creditability', '--bad', 'bad'], 'invalid_value', 'duration_in_month'],
    ['an invalid strategy', (_s: string, d: string) => ['--strategy', file('broken.json', JSON.stringify({ ...germanStrategy, rules: [{ ...germanStrategy.rules[0], when: { feature: 'nope', op: 'gt', value: 1 } }] })), '--data', d, '--target', 'creditability', '--bad', 'bad'], 'invalid_strategy', 'rules[0].when.feature'],
  ])('refuses %s with a JSON error and exit status 2', async (_name, args, code, param) => {
    const strategy = file('german.json', JSON.stringify(germanStrategy));
    const { output, exitCode } = await backtest(args(strategy, GERMAN));
    expect(exitCode).toBe(2);
    expect(output.error).toMatchObject({ code, param });
  });
});
