/**
 * Scorecard training and evaluation speed and quality on the public credit datasets, with the
 * held-out split of the quality tests (rows whose index mod 10 is below 7 train, the rest test).
 * Prints a table for people; with `--json`, one JSON line last. Run: node --import tsx bench/scorecard.ts
 */
import { readFileSync } from 'node:fs';
import { parseCsvTable } from '../src/risk/scorecard/csv-dataset.ts';
import { evaluateScorecard } from '../src/risk/scorecard/evaluate.ts';
import { creditDataPath, german, splitTable, taiwan } from '../src/risk/scorecard/test-credit-data.ts';
import { trainScorecard } from '../src/risk/scorecard/train.ts';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const results = [german, taiwan].map((dataset) => {
  const text = readFileSync(creditDataPath(dataset), 'utf8');
  const parseStart = performance.now();
  const table = parseCsvTable(text);
  const parseMs = performance.now() - parseStart;
  if (!table.ok) throw new Error(table.code);
  const { train, test } = splitTable(table.value);
  const target = { column: dataset.target, bad: dataset.bad };
  const trainTimes: number[] = [];
  const evaluateTimes: number[] = [];
  let outcome: { train: { auc: number; ks: number; gini: number }; test: { auc: number; ks: number; gini: number }; features: number } | undefined;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const trained = trainScorecard(train, { target, exclude: dataset.exclude });
    const t1 = performance.now();
    if (!trained.ok) throw new Error(trained.code);
    const evaluated = evaluateScorecard(trained.value.scorecard, test, target);
    const t2 = performance.now();
    if (!evaluated.ok) throw new Error(evaluated.code);
    trainTimes.push(t1 - t0);
    evaluateTimes.push(t2 - t1);
    outcome = { train: trained.value.train, test: evaluated.value, features: trained.value.features.length };
  }
  if (outcome === undefined) throw new Error('no run');
  return {
    dataset: dataset.file,
    trainRows: train.rows.length,
    columns: table.value.header.length,
    parseMs: Math.round(parseMs),
    trainMsMedian: Math.round(median(trainTimes)),
    evaluateMsMedian: Math.round(median(evaluateTimes)),
    features: outcome.features,
    trainAuc: outcome.train.auc,
    testAuc: outcome.test.auc,
    testKs: outcome.test.ks,
    testGini: outcome.test.gini,
  };
});

const f = (x: number): string => x.toFixed(4);
console.log('dataset              train rows  cols  parse ms  train ms  eval ms  features  train AUC  test AUC  test KS  test Gini');
for (const r of results) {
  console.log(
    `${r.dataset.padEnd(20)} ${String(r.trainRows).padStart(10)}  ${String(r.columns).padStart(4)}  ${String(r.parseMs).padStart(8)}  ${String(r.trainMsMedian).padStart(8)}  ${String(r.evaluateMsMedian).padStart(7)}  ${String(r.features).padStart(8)}  ${f(r.trainAuc).padStart(9)}  ${f(r.testAuc).padStart(8)}  ${f(r.testKs).padStart(7)}  ${f(r.testGini).padStart(9)}`,
  );
}
if (process.argv.includes('--json')) console.log(JSON.stringify({ bench: 'scorecard', runs: RUNS, results }));
