import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvTable, type CsvTable } from './csv-dataset.ts';
import { evaluateScorecard } from './evaluate.ts';
import { pointsScale } from './scaling.ts';
import { parseScorecard } from './scorecard-schema.ts';
import { creditDataPath, german, splitTable, taiwan, type CreditDataset } from './test-credit-data.ts';
import { trainScorecard } from './train.ts';

function load(dataset: CreditDataset): CsvTable {
  const table = parseCsvTable(readFileSync(creditDataPath(dataset), 'utf8'));
  if (!table.ok) throw new Error(table.code);
  return table.value;
}

function table(text: string): CsvTable {
  const parsed = parseCsvTable(text);
  if (!parsed.ok) throw new Error(parsed.code);
  return parsed.value;
}

describe.each([
  { dataset: german, aucMin: 0.76 },
  { dataset: taiwan, aucMin: 0.75 },
])('a scorecard trained on 7 rows in 10 of $dataset.file', ({ dataset, aucMin }) => {
  const { train, test } = splitTable(load(dataset));
  const trained = trainScorecard(train, { target: { column: dataset.target, bad: dataset.bad }, exclude: dataset.exclude });
  if (!trained.ok) throw new Error(`${trained.code}: ${trained.message}`);
  const { scorecard } = trained.value;

  it(`reaches AUC ≥ ${aucMin} on the held-out rows`, () => {
    const evaluation = evaluateScorecard(scorecard, test, { column: dataset.target, bad: dataset.bad });
    if (!evaluation.ok) throw new Error(evaluation.code);
    expect(evaluation.value.rows).toBe(test.rows.length);
    expect(evaluation.value.auc).toBeGreaterThanOrEqual(aucMin);
    expect(evaluation.value.ks).toBeGreaterThan(0.3);
    expect(evaluation.value.gini).toBeCloseTo(2 * evaluation.value.auc - 1, 12);
  });

  it('is a valid scorecard document whose points rise with WoE in every feature', () => {
    expect(parseScorecard(JSON.parse(JSON.stringify(scorecard)))).toEqual({ ok: true, value: scorecard });
    expect(scorecard.features.length).toBeGreaterThan(0);
    for (const feature of scorecard.features) {
      expect(feature.coefficient).toBeGreaterThan(0);
      const bins = [...feature.bins].sort((a, b) => a.woe - b.woe);
      for (let i = 0; i + 1 < bins.length; i++) expect((bins[i + 1] as { points: number }).points).toBeGreaterThanOrEqual((bins[i] as { points: number }).points);
    }
  });

  it('gives each bin factor × coefficient × WoE points, so a score is offset + factor × fitted log-odds', () => {
    const { factor, offset } = pointsScale(scorecard.scaling);
    expect(offset + factor * Math.log(scorecard.scaling.baseOdds)).toBeCloseTo(scorecard.scaling.basePoints, 9);
    expect(scorecard.basePoints).toBeCloseTo(offset + factor * scorecard.intercept, 9);
    for (const feature of scorecard.features) {
      for (const bin of feature.bins) expect(bin.points).toBeCloseTo(factor * feature.coefficient * bin.woe, 9);
    }
  });

  it('reports the features it kept and why it dropped the others', () => {
    const { features, dropped } = trained.value;
    const considered = train.header.length - 1 - dataset.exclude.length;
    expect(features.length + dropped.length).toBe(considered);
    expect(features.map((f) => f.name)).toEqual(scorecard.features.map((f) => f.name));
    for (const f of features) expect(f.bins).toBeGreaterThanOrEqual(2);
  });
});

describe('training', () => {
  // x predicts the label; noise does not; id is unique text.
  const rows = Array.from({ length: 400 }, (_, i) => {
    const x = i % 20;
    const bad = (i * 7919) % 100 < 10 + 4 * x ? 1 : 0;
    return `${x},${(i * 37) % 11},id-${i},${bad}`;
  });
  const data = table(`x,noise,id,y\n${rows.join('\n')}\n`);
  const spec = { target: { column: 'y', bad: '1' } };

  it('drops columns that do not separate goods from bads and skips identifiers', () => {
    const trained = trainScorecard(data, spec);
    if (!trained.ok) throw new Error(trained.code);
    expect(trained.value.features.map((f) => f.name)).toEqual(['x']);
    expect(trained.value.dropped).toContainEqual({ name: 'id', reason: 'too_many_categories' });
    expect(trained.value.dropped).toContainEqual(expect.objectContaining({ name: 'noise', reason: 'not_significant' }));
  });

  it('applies the minimum information value and the scaling it is given', () => {
    const strict = trainScorecard(data, { ...spec, minIv: 100 });
    expect(strict).toMatchObject({ ok: false, code: 'no_features' });
    const scaled = trainScorecard(data, { ...spec, scaling: { basePoints: 500, baseOdds: 20, pdo: 40 } });
    const plain = trainScorecard(data, spec);
    if (!scaled.ok || !plain.ok) throw new Error('training failed');
    const pointsOf = (card: typeof plain.value.scorecard) => card.features[0]?.bins.map((b) => b.points) ?? [];
    pointsOf(scaled.value.scorecard).forEach((p, i) => expect(p).toBeCloseTo(2 * (pointsOf(plain.value.scorecard)[i] as number), 9));
  });

  it.each([
    { case: 'an unknown target', spec: { target: { column: 'z', bad: '1' } }, code: 'target_column_missing', param: 'target' },
    { case: 'a target with one class', spec: { target: { column: 'y', bad: '2' } }, code: 'target_one_class', param: 'bad' },
    { case: 'an unknown excluded column', spec: { ...spec, exclude: ['x', 'nope'] }, code: 'exclude_column_unknown', param: 'exclude' },
  ])('refuses $case', ({ spec: bad, code, param }) => {
    expect(trainScorecard(data, bad)).toMatchObject({ ok: false, code, param });
  });
});
