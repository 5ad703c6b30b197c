/**
 * Evaluating a scorecard on labelled rows: every row is scored by the compiled scorecard, exactly as
 * a decision would score it, and the scores are compared with the labels (metrics.ts).
 */
import { err, ok, type Result } from '../../kernel/result.ts';
import { badLabels, tableRecords, type CsvTable } from './csv-dataset.ts';
import type { ScorecardErrorCode } from './errors.ts';
import { discrimination, type Discrimination } from './metrics.ts';
import { compileScorecard, type Scorecard } from './model.ts';

export interface Evaluation extends Discrimination {
  readonly rows: number;
  /** Rows labelled bad. */
  readonly bad: number;
}

export function evaluateScorecard(
  card: Scorecard,
  table: CsvTable,
  target: { readonly column: string; readonly bad: string },
): Result<Evaluation, ScorecardErrorCode> {
  const labels = badLabels(table, target.column, target.bad);
  if (!labels.ok) return labels;
  const scores = scoreTable(card, table);
  if (!scores.ok) return scores;
  const badCount = labels.value.reduce((sum, b) => sum + b, 0);
  return ok({ rows: table.rows.length, bad: badCount, ...discrimination(scores.value, labels.value) });
}

/** The score of every row; every feature the scorecard uses must be a column of the table. */
export function scoreTable(card: Scorecard, table: CsvTable): Result<Float64Array, ScorecardErrorCode> {
  const absent = card.features.find((f) => !table.header.includes(f.name));
  if (absent !== undefined) return err('feature_column_missing', `the scorecard scores ${JSON.stringify(absent.name)}, which is not a column of the data`, absent.name);
  const score = compileScorecard(card);
  return ok(Float64Array.from(tableRecords(table), (record) => score(record).score));
}
