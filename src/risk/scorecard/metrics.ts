/**
 * How well scores separate goods from bads. Scorecard convention: a higher score means less risk.
 * AUC = P(a random good outscores a random bad), ties counting one half, computed from rank sums
 * with average ranks for tied scores. KS = the largest gap between the cumulative score
 * distributions of bads and goods, evaluated only between distinct scores (a threshold cannot split
 * a tie). Gini = 2 AUC − 1. All three are in [0, 1] for a useful model (Gini may be negative for a
 * model worse than chance).
 */
import { assert } from '../../kernel/assert.ts';

export interface Discrimination {
  readonly auc: number;
  readonly ks: number;
  readonly gini: number;
}

/** Requires at least one good and one bad (callers check `target_one_class` first). */
export function discrimination(scores: Float64Array, bad: Uint8Array): Discrimination {
  assert(scores.length === bad.length, 'one label per score');
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let badTotal = 0;
  for (let i = 0; i < n; i++) badTotal += bad[i] as number;
  const goodTotal = n - badTotal;
  assert(badTotal > 0 && goodTotal > 0, 'discrimination needs goods and bads');
  let goodRankSum = 0;
  let ks = 0;
  let badBelow = 0;
  let goodBelow = 0;
  for (let start = 0; start < n; ) {
    const score = scores[order[start] as number] as number;
    let end = start;
    let badInTie = 0;
    while (end < n && scores[order[end] as number] === score) badInTie += bad[order[end++] as number] as number;
    const goodInTie = end - start - badInTie;
    const averageRank = (start + 1 + end) / 2; // ranks start + 1 … end
    goodRankSum += goodInTie * averageRank;
    badBelow += badInTie;
    goodBelow += goodInTie;
    ks = Math.max(ks, Math.abs(badBelow / badTotal - goodBelow / goodTotal));
    start = end;
  }
  const auc = (goodRankSum - (goodTotal * (goodTotal + 1)) / 2) / (goodTotal * badTotal);
  return { auc, ks, gini: 2 * auc - 1 };
}
