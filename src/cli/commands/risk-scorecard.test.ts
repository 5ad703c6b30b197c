import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { german, splitCsvText, taiwan } from '../../risk/scorecard/test-credit-data.ts';

const repositoryRoot = resolve(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'lendcore-risk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the real command line; resolves to its exit status and parsed standard output. */
function lendcore(...args: string[]): Promise<{ status: number; output: any }> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ['bin/lendcore.js', ...args], { cwd: repositoryRoot, encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      try {
        done({ status, output: JSON.parse(stdout) });
      } catch {
        fail(new Error(`not JSON on stdout (status ${status}): ${stdout}\n${stderr}`));
      }
    });
  });
}

function file(name: string, text: string): string {
  const path = join(work, name);
  writeFileSync(path, text);
  return path;
}

describe.each([
  { dataset: german, aucMin: 0.76 },
  { dataset: taiwan, aucMin: 0.75 },
])('lendcore risk train, then evaluate, on $dataset.file', ({ dataset, aucMin }) => {
  const split = splitCsvText(dataset);
  const trainCsv = file(`${dataset.file}.train.csv`, split.train);
  const testCsv = file(`${dataset.file}.test.csv`, split.test);
  const scorecard = join(work, `${dataset.file}.scorecard.json`);
  const exclude = dataset.exclude.length > 0 ? ['--exclude', dataset.exclude.join(',')] : [];

  it(`trains on 7 rows in 10 and reaches AUC ≥ ${aucMin} on the other rows`, async () => {
    const trained = await lendcore('risk', 'train', '--data', trainCsv, '--target', dataset.target, '--bad', dataset.bad, ...exclude, '--out', scorecard);
    expect(trained.status).toBe(0);
    expect(trained.output.features.length).toBeGreaterThan(0);
    for (const feature of trained.output.features) {
      expect(typeof feature.name).toBe('string');
      expect(feature.iv).toBeGreaterThan(0);
      expect(feature.bins).toBeGreaterThanOrEqual(2);
    }
    expect(trained.output.train.auc).toBeGreaterThan(aucMin);
    expect(JSON.parse(readFileSync(scorecard, 'utf8')).kind).toBe('lendcore.scorecard');

    const evaluated = await lendcore('risk', 'evaluate', '--scorecard', scorecard, '--data', testCsv, '--target', dataset.target, '--bad', dataset.bad);
    expect(evaluated.status).toBe(0);
    const { rows, bad, auc, ks, gini } = evaluated.output;
    expect(rows).toBe(split.test.trim().split('\n').length - 1);
    expect(bad).toBeGreaterThan(0);
    expect(auc).toBeGreaterThanOrEqual(aucMin);
    expect(ks).toBeGreaterThan(0);
    expect(ks).toBeLessThanOrEqual(1);
    expect(gini).toBeCloseTo(2 * auc - 1, 12);

    const stability = await lendcore('risk', 'psi', '--scorecard', scorecard, '--expected', trainCsv, '--actual', testCsv);
    expect(stability.status).toBe(0);
    expect(stability.output.bands).toHaveLength(10);
    expect(stability.output.psi).toBeLessThan(0.1); // the same population, split by row number
    expect(stability.output.stability).toBe('stable');
  });
});

// Each case is its own process, so they run side by side.
describe.concurrent('lendcore risk: bad input', () => {
  const good = file('good.csv', 'x,grade,y\n1,A,0\n2,B,1\n3,A,0\n4,B,1\n5,A,0\n6,B,1\n7,A,0\n8,B,0\n9,A,1\n10,B,0\n');
  const out = join(work, 'never-written.json');
  const train = (...args: string[]) => lendcore('risk', 'train', ...args, '--out', out);

  it.each([
    { case: 'a missing file', args: ['--data', join(work, 'absent.csv'), '--target', 'y', '--bad', '1'], code: 'input_unreadable', param: 'data' },
    { case: 'a missing target column', args: ['--data', good, '--target', 'z', '--bad', '1'], code: 'target_column_missing', param: 'target' },
    { case: 'a ragged row', args: ['--data', file('ragged.csv', 'x,y\n1,0\n2\n'), '--target', 'y', '--bad', '1'], code: 'csv_malformed', param: 'data' },
    { case: 'a target with one class', args: ['--data', good, '--target', 'y', '--bad', '7'], code: 'target_one_class', param: 'bad' },
    { case: 'an unknown excluded column', args: ['--data', good, '--target', 'y', '--bad', '1', '--exclude', 'x,nope'], code: 'exclude_column_unknown', param: 'exclude' },
    { case: 'no data rows', args: ['--data', file('empty.csv', 'x,y\n'), '--target', 'y', '--bad', '1'], code: 'csv_empty', param: 'data' },
    { case: 'a missing --target', args: ['--data', good, '--bad', '1'], code: 'missing_option', param: 'target' },
    { case: 'a non-positive --pdo', args: ['--data', good, '--target', 'y', '--bad', '1', '--pdo', '-20'], code: 'invalid_option', param: 'pdo' },
  ])('train refuses $case with $code, exit status 2, and writes nothing', async ({ args, code, param }) => {
    const result = await train(...args);
    expect(result.status).toBe(2);
    expect(result.output.error).toMatchObject({ code, param });
    expect(typeof result.output.error.message).toBe('string');
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    { case: 'a scorecard that is not JSON', scorecard: () => file('text.json', 'nope'), code: 'invalid_json', param: 'scorecard' },
    { case: 'a JSON file that is not a scorecard', scorecard: () => file('other.json', '{"kind":"x"}'), code: 'scorecard_invalid', param: 'scorecard' },
  ])('evaluate refuses $case', async ({ scorecard, code, param }) => {
    const result = await lendcore('risk', 'evaluate', '--scorecard', scorecard(), '--data', good, '--target', 'y', '--bad', '1');
    expect(result.status).toBe(2);
    expect(result.output.error).toMatchObject({ code, param });
  });
});
