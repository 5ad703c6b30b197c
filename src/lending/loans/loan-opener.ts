/**
 * Where the loan book meets origination. The loan book sits behind origination's `LoanOpener` port:
 * a drawdown's contract — the schedule spec priced at the line's tier and the servicing rules of the
 * product version the line was signed under — becomes a loan, booked in the drawdown's own
 * transaction, its disbursements handed back for origination to post with the limit postings. And
 * principal coming back (repaid or refunded) gives the line its limit back, in the event's own
 * transaction.
 */
import type { Currency } from '../../kernel/money.ts';
import { ok } from '../../kernel/result.ts';
import { restoreTransfers, takeBackTransfers } from '../origination/credit-limits.ts';
import type { LoanOpener } from '../origination/loan-opener.ts';
import type { ProductDocument } from '../products/product-document.ts';
import type { LoanTerms } from '../servicing/index.ts';
import type { ScheduleSpec } from '../schedules/types.ts';
import type { LoanBook, PrincipalReturned } from './loan-book.ts';

/** The servicing rules a product version gives its loans. */
export function loanTermsFor(doc: ProductDocument, spec: ScheduleSpec): LoanTerms {
  return {
    spec,
    // Daily-interest lines recompute on the balance actually owed; installment products keep their schedule.
    rest: doc.interestPeriod === 'daily' ? 'daily' : 'none',
    onPrepayment: doc.prepayment,
    preclosureInterest: 'tillPreclosureDate',
    allocation: doc.allocationOrder,
    penalty: doc.penalty === null ? null : { kind: 'dailyRateOnOverduePrincipal', rate: doc.penalty.rate, graceDays: doc.penalty.graceDays, capPercentOfPrincipal: null },
    nonAccrualDaysPastDue: doc.nonAccrualDays,
    writeOffDaysPastDue: doc.writeOffDays,
  };
}

export function loanBookOpener(loanBook: LoanBook): LoanOpener {
  return {
    async open(tx, requests) {
      const booked = await loanBook.book(
        tx,
        requests.map((request) => ({
          tenantId: request.tenantId,
          loanId: request.loanId,
          lineId: request.lineId,
          customerId: request.customerId,
          productId: request.productId,
          productVersion: request.productVersion,
          terms: loanTermsFor(request.contract, request.scheduleSpec),
        })),
      );
      return booked.map((b) => (b.ok ? ok(b.value.disbursements) : b));
    },
  };
}

/**
 * The transfers that give a loan's line back `amountMinor` of returned principal, or take back what a
 * reversal put back on the loan (a negative amount); none for a loan without a line.
 */
export const lineLimitRestore: PrincipalReturned = (loan, amountMinor, eventKey, on) => {
  if (loan.lineId === null) return [];
  const id = `${loan.id}:${eventKey}:limit`;
  const c = loan.currency as Currency;
  const transfers = amountMinor > 0n ? restoreTransfers(id, loan.lineId, c, amountMinor) : takeBackTransfers(id, loan.lineId, c, -amountMinor);
  return transfers.map((t) => ({ ...t, effectiveOn: on }));
};

