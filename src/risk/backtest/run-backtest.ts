/**
 * Backtest: runs a compiled strategy over labelled historical rows (CSV with a header) and reports
 * the approval rate, the bad rate among approved applications, and both by score band. Each row is
 * an application: a column named like a built-in feature or a declared input feeds that feature;
 * features with no column (velocity, graph, lists) are missing. Pure: text in, report out.
 * Invariants: every row counts in exactly one outcome and one score band; a malformed number in a
 * numeric column stops the run with its row and column named, rather than silently scoring it missing.
 */
import { parse } from 'csv-parse/sync';
import { err, ok, type Result } from '../../kernel/result.ts';
import { BUILTIN_FEATURES } from '../features/catalog.ts';
import type { CompiledStrategy } from '../strategy/compile.ts';
import type { FeatureValue, Outcome } from '../strategy/document.ts';

export type BacktestErrorCode = 'invalid_csv' | 'missing_column' | 'invalid_value';

export interface BandReport {
  readonly band: string;
  readonly minScore: number | null;
  readonly rows: number;
  readonly bad: number;
  readonly badRate: number | null;
  readonly approved: number;
  readonly approvalRate: number | null;
  readonly approvedBad: number;
  readonly approvedBadRate: number | null;
}

export interface BacktestReport {
  readonly strategy: string;
  readonly rows: number;
  readonly bad: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly approvalRate: number | null;
  readonly badRate: number | null;
  readonly approvedBadRate: number | null;
  readonly byScoreBand: readonly BandReport[];
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export function runBacktest(strategy: CompiledStrategy, csv: string, target: string, badValue: string): Result<BacktestReport, BacktestErrorCode> {
  let records: string[][];
  try {
    records = parse(csv, { skip_empty_lines: true, trim: true });
  } catch (error) {
    return err('invalid_csv', `not valid CSV: ${(error as Error).message}`);
  }
  const header = records[0];
  if (header === undefined || records.length < 2) return err('invalid_csv', 'the file has no data rows under a header');
  const targetColumn = header.indexOf(target);
  if (targetColumn < 0) return err('missing_column', `no column "${target}"; the header is ${header.join(',')}`, 'target');

  const numberColumns = new Map<number, number>(); // column → built-in slot
  BUILTIN_FEATURES.forEach((name, slot) => {
    const column = header.indexOf(name);
    if (column >= 0) numberColumns.set(column, slot);
  });
  const numericInputs = new Set((strategy.document.inputs ?? []).filter((i) => i.type === 'number').map((i) => header.indexOf(i.name)).filter((c) => c >= 0));
  const incomeColumn = header.indexOf('monthlyIncomeMinor');

  const bands = strategy.document.scoreBands.map((b) => ({ band: b.name, minScore: b.min, rows: 0, bad: 0, approved: 0, approvedBad: 0 }));
  const bandIndex = new Map(bands.map((b, i) => [b.band, i]));
  const outcomes: Record<Outcome, number> = { approve: 0, review: 0, reject: 0 };
  let bad = 0;
  for (let r = 1; r < records.length; r++) {
    const record = records[r] as string[];
    const builtins: FeatureValue[] = new Array<FeatureValue>(BUILTIN_FEATURES.length).fill(null);
    const fields: Record<string, string> = {};
    for (let c = 0; c < header.length; c++) {
      const text = record[c] ?? '';
      const slot = numberColumns.get(c);
      if ((slot !== undefined || numericInputs.has(c)) && text !== '' && !Number.isFinite(Number(text))) {
        return err('invalid_value', `row ${r}, column ${header[c]}: "${text}" is not a number`, header[c]);
      }
      if (slot !== undefined) builtins[slot] = text === '' ? null : Number(text);
      fields[header[c] as string] = text;
    }
    const incomeText = incomeColumn >= 0 ? (record[incomeColumn] ?? '') : '';
    const income = /^\d+$/.test(incomeText) ? BigInt(incomeText) : null;
    const isBad = record[targetColumn] === badValue;
    const result = strategy.evaluate({ builtins, fields, monthlyIncomeMinor: income, listHitMasks: [0, 0, 0] });
    const band = bands[bandIndex.get(result.scoreBand) as number]!;
    outcomes[result.outcome]++;
    band.rows++;
    if (isBad) {
      bad++;
      band.bad++;
    }
    if (result.outcome === 'approve') {
      band.approved++;
      if (isBad) band.approvedBad++;
    }
  }
  const rows = records.length - 1;
  const approvedBad = bands.reduce((sum, b) => sum + b.approvedBad, 0);
  return ok({
    strategy: strategy.name,
    rows,
    bad,
    outcomes,
    approvalRate: rate(outcomes.approve, rows),
    badRate: rate(bad, rows),
    approvedBadRate: rate(approvedBad, outcomes.approve),
    byScoreBand: bands.map((b) => ({
      ...b,
      badRate: rate(b.bad, b.rows),
      approvalRate: rate(b.approved, b.rows),
      approvedBadRate: rate(b.approvedBad, b.approved),
    })),
  });
}
