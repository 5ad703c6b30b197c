/**
 * Validation of a scorecard document read from outside (a file, a strategy): its JSON shape, checked
 * by a compiled TypeBox schema of the `Scorecard` type in model.ts, and the invariants the compiled
 * scorer relies on: numeric bounds strictly increasing with only the last bin open-ended, no category
 * in two bins, feature names unique, scaling odds and PDO positive.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { ScorecardErrorCode } from './errors.ts';
import type { Scorecard, ScorecardFeature } from './model.ts';

const common = {
  name: Type.String({ minLength: 1 }),
  coefficient: Type.Number(),
  iv: Type.Number(),
};

const scorecardSchema = Type.Object({
  kind: Type.Literal('lendcore.scorecard'),
  version: Type.Literal(1),
  target: Type.Object({ column: Type.String(), bad: Type.String() }),
  scaling: Type.Object({ basePoints: Type.Number(), baseOdds: Type.Number({ exclusiveMinimum: 0 }), pdo: Type.Number({ exclusiveMinimum: 0 }) }),
  intercept: Type.Number(),
  basePoints: Type.Number(),
  features: Type.Array(
    Type.Union([
      Type.Object({
        ...common,
        kind: Type.Literal('numeric'),
        bins: Type.Array(Type.Object({ upper: Type.Union([Type.Number(), Type.Null()]), woe: Type.Number(), points: Type.Number() }), { minItems: 1 }),
        missingPoints: Type.Number(),
      }),
      Type.Object({
        ...common,
        kind: Type.Literal('categorical'),
        bins: Type.Array(Type.Object({ categories: Type.Array(Type.String()), woe: Type.Number(), points: Type.Number() }), { minItems: 1 }),
        otherPoints: Type.Number(),
      }),
    ]),
  ),
});

const validator = Compile(scorecardSchema);

export function parseScorecard(value: unknown): Result<Scorecard, ScorecardErrorCode> {
  if (!validator.Check(value)) {
    const [first] = validator.Errors(value);
    return err('scorecard_invalid', `not a lendcore scorecard: ${first?.instancePath || '/'} ${first?.message ?? ''}`.trim());
  }
  const card: Scorecard = value;
  const names = new Set<string>();
  for (const feature of card.features) {
    if (names.has(feature.name)) return err('scorecard_invalid', `feature ${JSON.stringify(feature.name)} appears twice`);
    names.add(feature.name);
    const problem = binsProblem(feature);
    if (problem !== null) return err('scorecard_invalid', `feature ${JSON.stringify(feature.name)}: ${problem}`);
  }
  return ok(card);
}

function binsProblem(feature: ScorecardFeature): string | null {
  if (feature.kind === 'numeric') {
    const uppers = feature.bins.map((b) => b.upper);
    if (uppers[uppers.length - 1] !== null) return 'the last bin must be open-ended (upper: null)';
    for (let i = 0; i + 1 < uppers.length; i++) {
      const upper = uppers[i];
      if (upper === null || upper === undefined) return 'only the last bin may be open-ended';
      const next = uppers[i + 1];
      if (typeof next === 'number' && next <= upper) return 'bin upper bounds must increase';
    }
    return null;
  }
  const seen = new Set<string>();
  for (const bin of feature.bins) {
    for (const category of bin.categories) {
      if (seen.has(category)) return `category ${JSON.stringify(category)} is in two bins`;
      seen.add(category);
    }
  }
  return null;
}
