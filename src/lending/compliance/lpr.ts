/**
 * The PBOC one-year Loan Prime Rate in force on a date, from the dated series in lpr-one-year.json
 * (data, not code: a new fixing is a new row). Private-lending caps are a multiple of it at the
 * contract date. Invariants: rows are in date order (checked when the module loads); a date before the
 * first fixing (2019-08-20) has no LPR; a date after the last known row gets the last row, and the
 * caller sees which fixing was used.
 */
import { assert } from '../../kernel/assert.ts';
import { decimal, type Decimal } from '../../kernel/decimal.ts';
import { localDate, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import series from './lpr-one-year.json' with { type: 'json' };

export interface LprFixing {
  readonly on: LocalDate;
  readonly percent: Decimal;
}

const FIXINGS: readonly LprFixing[] = series.fixings.map((row) => ({ on: localDate(row.on), percent: decimal(row.percent) }));
for (let k = 1; k < FIXINGS.length; k += 1) assert(FIXINGS[k - 1]!.on < FIXINGS[k]!.on, 'LPR fixings must be in date order');

/** The one-year LPR fixing in force on `on`; `lpr_unavailable` before the first fixing. */
export function oneYearLprOn(on: LocalDate): Result<LprFixing, 'lpr_unavailable'> {
  let found: LprFixing | undefined;
  for (const fixing of FIXINGS) {
    if (fixing.on > on) break;
    found = fixing;
  }
  if (found === undefined) return err('lpr_unavailable', `no one-year LPR before ${FIXINGS[0]!.on}; ${on} is earlier`, 'contractOn');
  return ok(found);
}
