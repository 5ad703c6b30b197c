/**
 * Labelled data from a CSV with a header row: parsing (RFC 4180 via csv-parse), the typing of each
 * column as numeric or text, and the good/bad label. A column is numeric when every non-blank cell
 * reads as a finite number the way the compiled scorecard reads it (`Number(cell)`, so exponent form
 * such as `5e+05` is a number); a blank cell is a missing value. Cells are kept as written, so
 * training bins and the compiled scorecard see the same text.
 */
import { parse } from 'csv-parse/sync';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { ScorecardErrorCode } from './errors.ts';

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export type DatasetColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: readonly string[] };

export interface CsvLimits {
  readonly rowsMax: number;
  readonly columnsMax: number;
}

export function parseCsvTable(
  text: string,
  bounds: CsvLimits = { rowsMax: limits.scorecardRowsMax, columnsMax: limits.scorecardColumnsMax },
): Result<CsvTable, ScorecardErrorCode> {
  let records: string[][];
  try {
    // Stop one row past the limit: enough to refuse, without parsing a huge file to the end.
    records = parse(text, { bom: true, skip_empty_lines: true, to: bounds.rowsMax + 2 });
  } catch (error) {
    return err('csv_malformed', (error as Error).message);
  }
  const [header, ...rows] = records;
  if (header === undefined || rows.length === 0) return err('csv_empty', 'the CSV needs a header row and at least one data row');
  if (rows.length > bounds.rowsMax) return err('csv_too_large', `more than ${bounds.rowsMax} data rows`);
  if (header.length > bounds.columnsMax) return err('csv_too_large', `more than ${bounds.columnsMax} columns`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) return err('csv_duplicate_column', `column ${JSON.stringify(name)} appears twice in the header`, name);
    seen.add(name);
  }
  return ok({ header, rows });
}

export function isMissing(cell: string): boolean {
  return cell.trim() === '';
}

/** The number a cell holds: NaN when blank, null when it is text. */
function cellNumber(cell: string): number | null {
  if (isMissing(cell)) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

/** The column at `index`, typed. */
export function datasetColumn(table: CsvTable, index: number): DatasetColumn {
  const name = table.header[index] as string;
  const values = new Float64Array(table.rows.length);
  for (let r = 0; r < table.rows.length; r++) {
    const value = cellNumber(table.rows[r]?.[index] as string);
    if (value === null) return { name, kind: 'categorical', values: table.rows.map((row) => row[index] as string) };
    values[r] = value;
  }
  return { name, kind: 'numeric', values };
}

/**
 * 1 for each row whose target cell is `badValue`, else 0. Values compare as numbers when both are
 * numbers (`1.0` is `1`), otherwise as trimmed text.
 */
export function badLabels(table: CsvTable, target: string, badValue: string): Result<Uint8Array, ScorecardErrorCode> {
  const index = table.header.indexOf(target);
  if (index < 0) return err('target_column_missing', `no column ${JSON.stringify(target)} in the header`, 'target');
  const wanted = badValue.trim();
  const wantedNumber = cellNumber(wanted);
  const labels = new Uint8Array(table.rows.length);
  let badCount = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const cell = (table.rows[r]?.[index] as string).trim();
    if (cell === '') return err('target_value_missing', `row ${r + 1} has no ${target}`, 'target');
    const cellValue = wantedNumber === null ? null : cellNumber(cell);
    const isBad = cellValue === null ? cell === wanted : cellValue === wantedNumber;
    labels[r] = isBad ? 1 : 0;
    badCount += labels[r] as number;
  }
  if (badCount === 0 || badCount === labels.length) {
    return err('target_one_class', `${target} has ${badCount === 0 ? 'no' : 'only'} ${JSON.stringify(badValue)} rows: goods and bads are both needed`, 'bad');
  }
  return ok(labels);
}

/** Each row as a record from column name to cell text, the shape a compiled scorecard scores. */
export function tableRecords(table: CsvTable): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i] as string])));
}
