/**
 * From a product version to the schedule spec of one drawdown: the product's terms, the price the
 * line was contracted at, the principal and the term. Terms in installments repay over the product's
 * repayment frequency from one period after disbursement; terms in days are one maturity that many
 * days out. Pure; origination quotes with it and the loan book builds the loan's schedule with it.
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import { addPeriods } from '../schedules/due-dates.ts';
import type { Frequency, ScheduleSpec } from '../schedules/types.ts';
import type { Pricing, ProductDocument } from './product-document.ts';

export interface DrawdownTerms {
  readonly principalMinor: bigint;
  readonly term: number;
  readonly disbursedOn: LocalDate;
}

export function scheduleSpecFor(doc: ProductDocument, pricing: Pricing, drawdown: DrawdownTerms): ScheduleSpec {
  const byDays = doc.termUnit === 'days';
  const frequency: Frequency = byDays ? { every: drawdown.term, unit: 'day' } : doc.repaymentFrequency;
  return {
    currency: doc.currency,
    principalMinor: drawdown.principalMinor,
    disbursedOn: drawdown.disbursedOn,
    firstDueOn: addPeriods(drawdown.disbursedOn, frequency, 1),
    installments: byDays ? 1 : drawdown.term,
    frequency,
    rate: pricing.rate,
    interestPeriod: doc.interestPeriod,
    daysInYear: doc.daysInYear,
    daysInMonth: doc.daysInMonth,
    interestMethod: doc.interestMethod,
    amortization: doc.amortization,
    installmentMultipleMinor: doc.installmentMultipleMinor,
    graceOnPrincipal: doc.graceOnPrincipal,
    downPaymentPercent: doc.downPaymentPercent,
  };
}
