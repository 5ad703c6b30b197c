/**
 * Points scaling ("points to double the odds"): score = offset + factor × ln(good:bad odds), with
 * factor = pdo / ln 2 and offset = basePoints − factor × ln(baseOdds), so a record at `baseOdds`
 * scores `basePoints` and every `pdo` more points doubles its odds of being good.
 */
import type { ScorecardScaling } from './model.ts';

export const defaultScaling: ScorecardScaling = { basePoints: 600, baseOdds: 50, pdo: 20 };

export interface PointsScale {
  readonly factor: number;
  readonly offset: number;
}

export function pointsScale(scaling: ScorecardScaling): PointsScale {
  const factor = scaling.pdo / Math.LN2;
  return { factor, offset: scaling.basePoints - factor * Math.log(scaling.baseOdds) };
}
