/**
 * Reads a list import: CSV with a header naming at least `type` and `value` (and optionally
 * `reason`), one identifier per row. The whole file is checked before anything is written, and the
 * first problem is reported with its row (1-based, after the header) and column.
 * A file without quote characters — what every list export looks like — is split directly (it has
 * no escapes, so splitting on newlines and commas is exactly RFC 4180); a file with quotes goes
 * through csv-parse. Both read the same records (a property test holds them together).
 * Invariants: returned values are normalised and non-empty; at most limits.riskListImportRowsMax rows.
 */
import { parse } from 'csv-parse/sync';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { isIdentifierType, normaliseIdentifier, type IdentifierNormaliser, type IdentifierType } from '../identifiers.ts';

export interface ListImportRows {
  readonly types: IdentifierType[];
  readonly values: string[];
  readonly reasons: (string | null)[];
}

const REQUIRED_COLUMNS = ['type', 'value'] as const;
const REASON_LENGTH_MAX = 200;
const RECORD_CHARS_MAX = 4096;
/** A quote, or a carriage return not ending a CRLF line: both need the full parser. */
const NEEDS_FULL_PARSER = /"|\r(?!\n)/;

/** Records of a quote-free CSV: fields trimmed, blank lines skipped, or null when the full parser must decide. */
export function splitPlainCsv(text: string): string[][] | null {
  if (NEEDS_FULL_PARSER.test(text)) return null;
  const records: string[][] = [];
  let width = -1;
  for (const line of text.split('\n')) {
    if (line.length > RECORD_CHARS_MAX) return null;
    const fields = line.split(',');
    for (let i = 0; i < fields.length; i++) fields[i] = (fields[i] as string).trim();
    if (fields.length === 1 && fields[0] === '') continue;
    if (width === -1) width = fields.length;
    else if (fields.length !== width) return null; // let csv-parse word the error
    records.push(fields);
  }
  return records;
}

function readRecords(text: string): Result<string[][], 'invalid_csv'> {
  const plain = splitPlainCsv(text);
  if (plain !== null) return ok(plain);
  try {
    return ok(parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false, max_record_size: RECORD_CHARS_MAX }));
  } catch (error) {
    return err('invalid_csv', `not valid CSV: ${(error as Error).message}`);
  }
}

export function parseListCsv(text: string, normalise: IdentifierNormaliser = normaliseIdentifier): Result<ListImportRows, 'invalid_csv'> {
  const read = readRecords(text);
  if (!read.ok) return read;
  const records = read.value;
  const header = records[0];
  if (header === undefined) return err('invalid_csv', 'the file is empty; expected a header row with columns type,value');
  for (const column of REQUIRED_COLUMNS) {
    if (!header.includes(column)) return err('invalid_csv', `missing column "${column}"; the header is ${header.join(',')}`, column);
  }
  const rowCount = records.length - 1;
  if (rowCount > limits.riskListImportRowsMax) return err('invalid_csv', `${rowCount} rows, more than the limit of ${limits.riskListImportRowsMax}`);
  const typeColumn = header.indexOf('type');
  const valueColumn = header.indexOf('value');
  const reasonColumn = header.indexOf('reason');
  const rows: ListImportRows = { types: new Array(rowCount), values: new Array(rowCount), reasons: new Array(rowCount) };
  for (let r = 1; r <= rowCount; r++) {
    const record = records[r] as string[];
    const type = record[typeColumn] as string;
    if (!isIdentifierType(type)) return err('invalid_csv', `row ${r}, column type: unknown identifier type "${type}"`, 'type');
    const raw = record[valueColumn] as string;
    const value = normalise(type, raw);
    if (value === '') return err('invalid_csv', `row ${r}, column value: empty ${type}`, 'value');
    if (value.length > limits.riskIdentifierLengthMax) return err('invalid_csv', `row ${r}, column value: longer than ${limits.riskIdentifierLengthMax} characters`, 'value');
    const reason = reasonColumn >= 0 ? (record[reasonColumn] as string) : '';
    if (reason.length > REASON_LENGTH_MAX) return err('invalid_csv', `row ${r}, column reason: longer than ${REASON_LENGTH_MAX} characters`, 'reason');
    rows.types[r - 1] = type;
    rows.values[r - 1] = value;
    rows.reasons[r - 1] = reason === '' ? null : reason;
  }
  return ok(rows);
}
