/**
 * Quotes: the schedule, all-in APR and total cost of a drawdown under a product version and a price,
 * held to the product's compliance profile by `checkOffer` before anything is shown or signed. A
 * quote that breaks the profile is refused with the first violation's code (`apr_exceeds_cap`, …).
 * The overdue charges checked are the penalty rate plus, for interest pricing, the contract rate
 * (interest keeps running on overdue principal). Pure.
 */
import { err, ok, type Result } from '../../kernel/result.ts';
import type { AprErrorCode } from '../apr/types.ts';
import { scheduleRepayments } from '../apr/schedule-apr.ts';
import { checkOffer, type ComplianceReport, type ComplianceViolationCode } from '../compliance/check-offer.ts';
import { scheduleSpecFor, type DrawdownTerms } from '../products/drawdown-terms.ts';
import type { Pricing, ProductDocument } from '../products/product-document.ts';
import { buildSchedule } from '../schedules/build-schedule.ts';
import type { NominalRate, Schedule, ScheduleErrorCode } from '../schedules/types.ts';

export type QuoteErrorCode = ComplianceViolationCode | ScheduleErrorCode | AprErrorCode | 'lpr_unavailable';

export interface Quote {
  readonly schedule: Schedule;
  readonly aprPercent: number;
  /** Everything paid beyond the principal: interest and fees. */
  readonly totalCostMinor: bigint;
  readonly compliance: ComplianceReport;
}

export function quoteDrawdown(doc: ProductDocument, pricing: Pricing, terms: DrawdownTerms): Result<Quote, QuoteErrorCode> {
  const schedule = buildSchedule(scheduleSpecFor(doc, pricing, terms));
  if (!schedule.ok) return schedule;
  const overdueCharges: NominalRate[] = [];
  if (doc.penalty !== null) overdueCharges.push(doc.penalty.rate);
  if (pricing.kind === 'interest') overdueCharges.push(pricing.rate);
  const report = checkOffer(
    {
      currency: doc.currency,
      contractOn: terms.disbursedOn,
      contractPrincipalMinor: terms.principalMinor,
      disbursedMinor: terms.principalMinor,
      disbursedOn: terms.disbursedOn,
      repayments: scheduleRepayments(schedule.value),
      fees: [],
      unitPeriod: schedule.value.frequency,
      overdueCharges,
    },
    doc.compliance,
  );
  if (!report.ok) return report;
  const [violation] = report.value.violations;
  if (violation !== undefined) return err(violation.code, violation.message);
  const totals = schedule.value.totals;
  return ok({ schedule: schedule.value, aprPercent: report.value.aprPercent, totalCostMinor: totals.totalMinor - totals.principalMinor, compliance: report.value });
}

/**
 * The example an offer shows — the product's representative drawdown, capped at the offered limit —
 * after every allowed term at that amount has passed the compliance check, so no drawdown the offer
 * permits at its example amount can be refused for its price.
 */
export function quoteOffer(doc: ProductDocument, pricing: Pricing, limitMinor: bigint, terms: Omit<DrawdownTerms, 'principalMinor' | 'term'>): Result<Quote & { readonly term: number; readonly principalMinor: bigint }, QuoteErrorCode> {
  const principalMinor = doc.offerExample.amountMinor < limitMinor ? doc.offerExample.amountMinor : limitMinor;
  let example: Quote | null = null;
  for (const term of doc.terms) {
    const quote = quoteDrawdown(doc, pricing, { ...terms, principalMinor, term });
    if (!quote.ok) return quote;
    if (term === doc.offerExample.term) example = quote.value;
  }
  return ok({ ...(example as Quote), term: doc.offerExample.term, principalMinor });
}
