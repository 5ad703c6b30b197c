import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discrimination } from './metrics.ts';

/** AUC by comparing every good with every bad: a win counts 1, a tie 1/2. */
function pairwiseAuc(scores: readonly number[], bad: readonly number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((goodScore, g) => {
    if (bad[g]) return;
    scores.forEach((badScore, b) => {
      if (!bad[b]) return;
      pairs++;
      wins += goodScore > badScore ? 1 : goodScore === badScore ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** KS by trying every threshold t: the gap between bads and goods scoring ≤ t. */
function thresholdKs(scores: readonly number[], bad: readonly number[]): number {
  const bads = bad.filter((b) => b).length;
  const goods = bad.length - bads;
  let ks = 0;
  for (const t of scores) {
    const badBelow = scores.filter((s, i) => bad[i] && s <= t).length;
    const goodBelow = scores.filter((s, i) => !bad[i] && s <= t).length;
    ks = Math.max(ks, Math.abs(badBelow / bads - goodBelow / goods));
  }
  return ks;
}

const labelledScores = fc
  .array(fc.tuple(fc.integer({ min: -20, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 })
  .filter((rows) => rows.some(([, b]) => b) && rows.some(([, b]) => !b));

describe('discrimination', () => {
  it('AUC, KS and Gini agree with brute force, ties included', () => {
    fc.assert(
      fc.property(labelledScores, (rows) => {
        const scores = rows.map(([s]) => s / 4); // few distinct values, so many ties
        const bad = rows.map(([, b]) => (b ? 1 : 0));
        const result = discrimination(Float64Array.from(scores), Uint8Array.from(bad));
        const auc = pairwiseAuc(scores, bad);
        expect(result.auc).toBeCloseTo(auc, 12);
        expect(result.ks).toBeCloseTo(thresholdKs(scores, bad), 12);
        expect(result.gini).toBeCloseTo(2 * auc - 1, 12);
      }),
    );
  });

  it('is 1 when every good outscores every bad, and 1/2 when all scores tie', () => {
    const bad = Uint8Array.from([1, 1, 0, 0, 0]);
    expect(discrimination(Float64Array.from([1, 2, 3, 4, 5]), bad)).toEqual({ auc: 1, ks: 1, gini: 1 });
    expect(discrimination(Float64Array.from([7, 7, 7, 7, 7]), bad)).toEqual({ auc: 0.5, ks: 0, gini: 0 });
  });
});
