/**
 * A synthetic loan portfolio for benchmarks, crash tests and the lending simulation: four products
 * that cover the ways servicing accrues — an installment plan priced as a monthly fee on the
 * original principal, one with flat interest after a 20% down payment (asked on the day it opens),
 * a cash loan with declining-balance interest, and a revolving line with daily interest repaid in
 * one bullet — and seeded random loans on them. The same seed gives the same loans on every machine.
 */
import { assert } from '../../kernel/assert.ts';
import { decimal } from '../../kernel/decimal.ts';
import { addDays, type LocalDate } from '../../kernel/local-date.ts';
import type { Random } from '../../kernel/random.ts';
import type { OpenLoanRequest } from '../loans/loan-book.ts';
import { loanTermsFor } from '../loans/loan-opener.ts';
import { scheduleSpecFor } from '../products/drawdown-terms.ts';
import { parseProductDocument, type ProductDocument } from '../products/product-document.ts';
import type { Products } from '../products/products.ts';

const INSTALLMENTS = {
  type: 'installment',
  currency: 'CNY',
  amount: { min: '100.00', max: '20000.00' },
  terms: [3, 6, 12],
  pricing: { kind: 'fee', rate: { value: '0.5', per: 'month' } },
  offerExample: { amount: '10000.00', term: 12 },
};

/** The portfolio's products by id: documents as a client would post them. */
export const PORTFOLIO_PRODUCTS: Readonly<Record<string, unknown>> = {
  bnpl: INSTALLMENTS,
  bnplDown: { ...INSTALLMENTS, pricing: { kind: 'interest', rate: { value: '12', per: 'year' } }, interestMethod: 'flat', downPaymentPercent: '20' },
  cash: {
    type: 'cashLoan',
    currency: 'CNY',
    amount: { min: '500.00', max: '50000.00' },
    terms: [6, 12],
    pricing: { kind: 'interest', rate: { value: '18', per: 'year' } },
    offerExample: { amount: '10000.00', term: 12 },
  },
  line: {
    type: 'revolvingLine',
    currency: 'CNY',
    amount: { min: '100.00', max: '5000.00' },
    terms: [30, 60],
    pricing: { kind: 'interest', rate: { value: '0.05', per: 'day' } },
  },
};

/** The portfolio's documents parsed, for pure tests that need no database. */
export function portfolioDocuments(): Map<string, ProductDocument> {
  const docs = new Map<string, ProductDocument>();
  for (const [id, document] of Object.entries(PORTFOLIO_PRODUCTS)) {
    const parsed = parseProductDocument(document);
    assert(parsed.ok, `portfolio product ${id} does not parse`);
    docs.set(id, parsed.value);
  }
  return docs;
}

/** Creates the portfolio's products (idempotently) and answers their parsed documents by id. */
export async function createPortfolioProducts(products: Products, tenantId: string): Promise<Map<string, ProductDocument>> {
  const docs = new Map<string, ProductDocument>();
  for (const [id, document] of Object.entries(PORTFOLIO_PRODUCTS)) {
    const created = await products.create(tenantId, id, document);
    assert(created.ok, `portfolio product ${id}: ${created.ok ? '' : created.code}`);
    docs.set(id, created.value.value.document);
  }
  return docs;
}

export interface PortfolioShape {
  /** Share of loans disbursed long enough before `openOn` that an installment has fallen due. */
  readonly seasonedShare: number;
  /** Latest disbursement date of a loan. */
  readonly openOn: LocalDate;
  /** Loans not seasoned are disbursed 0 to this many days before `openOn` (default 20); seasoned ones 35–75. */
  readonly recentDaysMax?: number;
}

/** Loan ids sort in the order they were made, so chunks of consecutive ids mix products. */
export function portfolioLoanId(n: number): string {
  return `L${String(n).padStart(8, '0')}`;
}

/**
 * Cash loans carry a one-off late charge per overdue installment (the loan book's terms from a
 * product carry none yet), so penalties are exercised too.
 */
const CASH_LATE_CHARGE = { kind: 'percentOfOverduePrincipal', percent: decimal('5'), graceDays: 3, capPercentOfPrincipal: decimal('10') } as const;

/** One random loan of the portfolio: product 30% installment with a fee, 10% installment with flat interest after 20% down, 40% cash, 20% line. */
export function randomPortfolioLoan(random: Random, docs: ReadonlyMap<string, ProductDocument>, tenantId: string, n: number, shape: PortfolioShape): OpenLoanRequest {
  const roll = random.next();
  const productId = roll < 0.3 ? 'bnpl' : roll < 0.4 ? 'bnplDown' : roll < 0.8 ? 'cash' : 'line';
  const doc = docs.get(productId);
  assert(doc !== undefined, `portfolio product ${productId} not created`);
  const stepMinor = 100n;
  const steps = (doc.amountMaxMinor - doc.amountMinMinor) / stepMinor;
  const principalMinor = doc.amountMinMinor + stepMinor * BigInt(Math.floor(random.next() * Number(steps + 1n)));
  const daysBefore = random.chance(shape.seasonedShare) ? random.int(35, 75) : random.int(0, shape.recentDaysMax ?? 20);
  const disbursedOn = addDays(shape.openOn, -daysBefore);
  const spec = scheduleSpecFor(doc, doc.pricing, { principalMinor, term: random.pick(doc.terms), disbursedOn });
  return {
    tenantId,
    loanId: portfolioLoanId(n),
    lineId: null,
    customerId: `cust-${n}`,
    productId,
    productVersion: 1,
    terms: { ...loanTermsFor(doc, spec), penalty: productId === 'cash' ? CASH_LATE_CHARGE : null },
  };
}
