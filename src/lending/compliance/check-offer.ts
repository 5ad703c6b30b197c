/**
 * Compliance is computed, not promised: `checkOffer` decides whether an offer may be shown, before it
 * is shown. It computes the all-in APR on the IRR basis (cnIrr) from what the borrower actually
 * receives and everything they pay — interest, and every fee: service, membership, guarantee,
 * installment fees — and holds it, and the overdue charges, to the profile's cap.
 * Violations, in this order (all that apply are reported):
 * - `upfront_deduction_forbidden`: the net amount disbursed differs from the contract principal
 *   (fees or interest withheld at disbursement, 砍头息; Civil Code Art. 670);
 * - `apr_exceeds_cap`: the all-in APR is above the cap; the message states both;
 * - `overdue_charges_exceed_cap`: overdue interest + penalty + overdue fees, annualized, exceed the cap.
 * An offer whose APR cannot be computed is an error (`payments_do_not_repay`, `no_rate_solves`), as
 * is a private-lending contract dated before the LPR series (`lpr_unavailable`).
 */
import { compareDecimal, rescale, type Decimal } from '../../kernel/decimal.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { formatAmount, formatScaled, pow10, type Currency } from '../../kernel/money.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { solveApr } from '../apr/solve-apr.ts';
import type { AprErrorCode, CashFlow } from '../apr/types.ts';
import type { Frequency, NominalRate } from '../schedules/types.ts';
import { aprCapOn, type ComplianceProfile } from './profiles.ts';

export type FeeKind = 'service' | 'membership' | 'guarantee' | 'installment' | 'other';

export interface OfferFee {
  readonly kind: FeeKind;
  readonly on: LocalDate;
  readonly amountMinor: bigint;
}

export interface Offer {
  readonly currency: Currency;
  readonly contractOn: LocalDate;
  readonly contractPrincipalMinor: bigint;
  /** What reaches the borrower, net of anything withheld. */
  readonly disbursedMinor: bigint;
  readonly disbursedOn: LocalDate;
  /** Scheduled repayments: each installment's total (principal, interest and its fees). */
  readonly repayments: readonly CashFlow[];
  /** Fees charged outside the installments, on the day they are paid. */
  readonly fees: readonly OfferFee[];
  /** Unit period the IRR is computed per (the repayment frequency). */
  readonly unitPeriod: Frequency;
  /** Charges on overdue amounts; each annualized (a per-day rate × 365, per-month × 12). */
  readonly overdueCharges: readonly NominalRate[];
}

export type ComplianceViolationCode = 'upfront_deduction_forbidden' | 'apr_exceeds_cap' | 'overdue_charges_exceed_cap';

export interface ComplianceViolation {
  readonly code: ComplianceViolationCode;
  readonly message: string;
}

export interface ComplianceReport {
  readonly compliant: boolean;
  readonly aprPercent: number;
  readonly effectivePercent: number;
  readonly capPercent: Decimal | null;
  readonly capBasis: string;
  readonly violations: readonly ComplianceViolation[];
}

export function checkOffer(offer: Offer, profile: ComplianceProfile): Result<ComplianceReport, AprErrorCode | 'lpr_unavailable'> {
  const cap = aprCapOn(profile, offer.contractOn);
  if (!cap.ok) return cap;
  const advances = [{ on: offer.disbursedOn, amountMinor: offer.disbursedMinor }];
  const payments = [...offer.repayments, ...offer.fees.map((f) => ({ on: f.on, amountMinor: f.amountMinor }))];
  const apr = solveApr({ method: 'cnIrr', advances, payments, unitPeriod: offer.unitPeriod, yearBasis: '365' }, offer.currency);
  if (!apr.ok) return apr;
  const violations: ComplianceViolation[] = [];
  if (offer.disbursedMinor !== offer.contractPrincipalMinor) {
    violations.push({
      code: 'upfront_deduction_forbidden',
      message: `net disbursed ${formatAmount(offer.disbursedMinor, offer.currency)} differs from the contract principal ${formatAmount(offer.contractPrincipalMinor, offer.currency)}`,
    });
  }
  const { capPercent, basis } = cap.value;
  if (capPercent !== null && exceeds(apr.value.aprPercent, capPercent)) {
    violations.push({
      code: 'apr_exceeds_cap',
      message: `all-in APR ${apr.value.aprPercent.toFixed(2)}% exceeds the cap of ${percentText(capPercent)}% (${basis})`,
    });
  }
  const overdue = annualizedPercent(offer.overdueCharges);
  if (capPercent !== null && compareDecimal(overdue, capPercent) > 0) {
    violations.push({
      code: 'overdue_charges_exceed_cap',
      message: `overdue interest, penalties and fees come to ${percentText(overdue)}% a year, above the cap of ${percentText(capPercent)}% (${basis})`,
    });
  }
  return ok({
    compliant: violations.length === 0,
    aprPercent: apr.value.aprPercent,
    effectivePercent: apr.value.effectivePercent,
    capPercent,
    capBasis: basis,
    violations,
  });
}

/** A computed APR is above the cap once it exceeds it by more than the 4th decimal it is reported to. */
function exceeds(aprPercent: number, capPercent: Decimal): boolean {
  return aprPercent - Number(capPercent.units) / Number(pow10(capPercent.scale)) > 5e-5;
}

/** Sum of the overdue rates as exact percents a year (a per-day rate × 365, a per-month rate × 12). */
export function annualizedPercent(rates: readonly NominalRate[]): Decimal {
  let scale = 0;
  for (const r of rates) scale = Math.max(scale, r.percent.scale);
  let units = 0n;
  for (const r of rates) {
    const multiplier = r.per === 'year' ? 1n : r.per === 'month' ? 12n : 365n;
    units += r.percent.units * pow10(scale - r.percent.scale) * multiplier;
  }
  return { units, scale };
}

/** A percent for messages, to 2 decimals rounded half up: 24 → "24.00". */
function percentText(d: Decimal): string {
  return formatScaled(rescale(d, 2, 'halfUp'), 2);
}
