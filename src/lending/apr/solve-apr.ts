/**
 * `solveApr`: the APR of a request by its method (Regulation Z, EU CCD or China all-in IRR). Checks
 * first that the payments repay the advances at all; each method then solves its own equation.
 */
import { formatAmount, type Currency } from '../../kernel/money.ts';
import { err, type Result } from '../../kernel/result.ts';
import { cnIrrApr } from './cn-irr.ts';
import { euCcdApr } from './eu-ccd.ts';
import { regZApr } from './reg-z.ts';
import type { AprErrorCode, AprRequest, AprResult, CashFlow } from './types.ts';

export function solveApr(request: AprRequest, c?: Currency): Result<AprResult, AprErrorCode> {
  const advanced = sumOf(request.advances);
  const paid = sumOf(request.payments);
  if (paid < advanced) {
    const show = (minor: bigint): string => (c === undefined ? `${minor} minor units` : formatAmount(minor, c));
    return err('payments_do_not_repay', `payments total ${show(paid)}, less than the ${show(advanced)} advanced`, 'payments');
  }
  switch (request.method) {
    case 'usRegZ':
      return regZApr(request);
    case 'euCcd':
      return euCcdApr(request);
    case 'cnIrr':
      return cnIrrApr(request);
  }
}

function sumOf(flows: readonly CashFlow[]): bigint {
  let total = 0n;
  for (const f of flows) total += f.amountMinor;
  return total;
}
