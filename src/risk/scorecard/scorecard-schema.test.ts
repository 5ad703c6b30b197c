import { describe, expect, it } from 'vitest';
import type { Scorecard } from './model.ts';
import { parseScorecard } from './scorecard-schema.ts';

const card: Scorecard = {
  kind: 'lendcore.scorecard',
  version: 1,
  target: { column: 'y', bad: '1' },
  scaling: { basePoints: 600, baseOdds: 50, pdo: 20 },
  intercept: 1.2,
  basePoints: 521,
  features: [
    {
      name: 'age',
      kind: 'numeric',
      coefficient: 0.9,
      iv: 0.2,
      bins: [
        { upper: 25, woe: -0.5, points: -13 },
        { upper: 40, woe: 0.1, points: 2.6 },
        { upper: null, woe: 0.4, points: 10.4 },
      ],
      missingPoints: 0,
    },
    {
      name: 'housing',
      kind: 'categorical',
      coefficient: 1,
      iv: 0.1,
      bins: [
        { categories: ['rent'], woe: -0.3, points: -8.7 },
        { categories: ['own', 'free'], woe: 0.2, points: 5.8 },
      ],
      otherPoints: 0,
    },
  ],
};

/** The card with `change` applied to a deep copy. */
function changed(change: (copy: any) => void): unknown {
  const copy = structuredClone(card) as any;
  change(copy);
  return copy;
}

describe('scorecard documents', () => {
  it('accepts a well-formed scorecard as it is', () => {
    expect(parseScorecard(structuredClone(card))).toEqual({ ok: true, value: card });
  });

  it.each([
    { case: 'not an object', document: 'scorecard' },
    { case: 'another kind', document: changed((c) => (c.kind = 'other')) },
    { case: 'a missing basePoints', document: changed((c) => delete c.basePoints) },
    { case: 'a text score', document: changed((c) => (c.features[0].bins[0].points = '12')) },
    { case: 'a numeric feature without bins', document: changed((c) => (c.features[0].bins = [])) },
    { case: 'a closed last bin', document: changed((c) => (c.features[0].bins[2].upper = 99)) },
    { case: 'an open bin before the last', document: changed((c) => (c.features[0].bins[0].upper = null)) },
    { case: 'bounds out of order', document: changed((c) => (c.features[0].bins[1].upper = 20)) },
    { case: 'a category in two bins', document: changed((c) => c.features[1].bins[1].categories.push('rent')) },
    { case: 'a feature named twice', document: changed((c) => (c.features[1].name = 'age')) },
    { case: 'zero points to double the odds', document: changed((c) => (c.scaling.pdo = 0)) },
  ])('refuses $case', ({ document }) => {
    expect(parseScorecard(document)).toMatchObject({ ok: false, code: 'scorecard_invalid' });
  });
});
