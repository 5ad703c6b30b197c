/**
 * Origination's records as the rest of the code sees them — applications, offers, credit lines,
 * drawdowns, checkout holds — read from their append-only rows, and the result codes of every
 * origination command in one place. Also `refusable`: a transaction that a domain refusal rolls back
 * whole, so a refused command writes nothing (not even a spent ledger id).
 */
import { assert } from '../../kernel/assert.ts';
import type { Database, Row, Sql } from '../../db/database.ts';
import type { Instant } from '../../kernel/instant.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import type { Currency } from '../../kernel/money.ts';
import { createRecordCache, type RecordCache } from '../../kernel/record-cache.ts';
import { err, type Err, type Result } from '../../kernel/result.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../../kernel/paging.ts';
import { parseProductDocument, productDocumentToJson, type ProductDocument } from '../products/product-document.ts';
import type { ScheduleJson } from '../schedules/schedule-json.ts';
import type { DecisionOutcome } from './decision-port.ts';

/**
 * Outcomes of origination commands (besides success), in the order they are checked:
 * - `customer_not_found`, `product_not_found`, `offer_not_found`, `line_not_found`, `hold_not_found`;
 * - `product_not_on_sale`: the product's latest version withdrew it from sale (offers already made, lines
 *   and loans keep theirs);
 * - `id_reused`: a client-supplied id names an existing record made from another request;
 * - `invalid_amount`, `amount_precision_exceeded`, `amount_must_be_positive`: an amount that is not a
 *   positive decimal string of the currency;
 * - `amount_out_of_range`: a drawdown outside the product's minimum and maximum;
 * - `term_not_allowed`: a term the product does not offer;
 * - `offer_expired`: the offer's validity has passed;
 * - `capture_exceeds_hold`: a capture of more than the hold;
 * - `hold_already_captured`, `hold_already_voided`, `hold_expired`: the hold is no longer open;
 * - the quote's codes (`apr_exceeds_cap`, `overdue_charges_exceed_cap`, …): compliance refused the price;
 * - `limit_exceeded`: the drawdown or hold is more than the line's available limit;
 * - `line_frozen`, `line_closed`: the line takes no drawdown, hold or capture (line-status.ts);
 * - a loan opener's own code, passed through.
 */
export type OriginationResultCode =
  | 'customer_not_found'
  | 'product_not_found'
  | 'product_not_on_sale'
  | 'offer_not_found'
  | 'line_not_found'
  | 'hold_not_found'
  | 'id_reused'
  | 'invalid_amount'
  | 'amount_precision_exceeded'
  | 'amount_must_be_positive'
  | 'amount_out_of_range'
  | 'term_not_allowed'
  | 'offer_expired'
  | 'capture_exceeds_hold'
  | 'hold_already_captured'
  | 'hold_already_voided'
  | 'hold_expired'
  | 'limit_exceeded'
  | 'line_frozen'
  | 'line_closed';

export interface Application {
  readonly id: string;
  readonly customerId: string;
  readonly productId: string;
  readonly productVersion: number;
  readonly currency: Currency;
  readonly requestedLimitMinor: bigint | null;
  readonly monthlyIncomeMinor: bigint | null;
  readonly outcome: DecisionOutcome;
  readonly limitMinor: bigint;
  readonly priceTier: string | null;
  readonly reasons: readonly string[];
  readonly decisionId: string | null;
  readonly createdAt: Instant;
}

export interface OfferExample {
  readonly principal: string;
  readonly term: number;
  readonly aprPercent: string;
  readonly totalCost: string;
  readonly capPercent: string | null;
  readonly schedule: ScheduleJson;
}

/** What an offer and the credit line it becomes share: the customer, the priced product version, the limit. */
interface PricedContract {
  readonly id: string;
  readonly customerId: string;
  readonly productId: string;
  readonly productVersion: number;
  readonly currency: Currency;
  readonly limitMinor: bigint;
  readonly priceTier: string | null;
  /** The product version priced at the tier: what the line's contract says. */
  readonly terms: ProductDocument;
}

export interface Offer extends PricedContract {
  readonly applicationId: string;
  readonly example: OfferExample;
  readonly expiresAt: Instant;
  readonly createdAt: Instant;
}

export interface CreditLine extends PricedContract {
  readonly offerId: string;
  readonly openedOn: LocalDate;
  readonly createdAt: Instant;
}

export interface Drawdown {
  readonly id: string;
  readonly lineId: string;
  readonly loanId: string;
  readonly kind: 'cash' | 'purchase';
  readonly holdId: string | null;
  readonly merchantId: string | null;
  readonly purpose: string | null;
  /** The line's currency, the principal's. */
  readonly currency: Currency;
  readonly principalMinor: bigint;
  readonly term: number;
  readonly disbursedOn: LocalDate;
  readonly schedule: ScheduleJson;
  readonly aprPercent: string;
  readonly createdAt: Instant;
}

export type HoldStatus = 'authorized' | 'captured' | 'voided' | 'expired';

export interface Hold {
  readonly id: string;
  readonly lineId: string;
  /** The line's currency, the amount's. */
  readonly currency: Currency;
  readonly amountMinor: bigint;
  readonly term: number;
  readonly merchantId: string;
  readonly reference: string | null;
  readonly status: HoldStatus;
  readonly capturedMinor: bigint | null;
  readonly drawdownId: string | null;
  readonly expiresAt: Instant;
  readonly createdAt: Instant;
}

function storedTerms(json: unknown, what: string): ProductDocument {
  const parsed = parseProductDocument(json);
  assert(parsed.ok, `${what}: stored terms no longer parse`);
  return parsed.value;
}

export function applicationFromRow(r: Row): Application {
  const request = r.request as { requestedLimitMinor: string | null; monthlyIncomeMinor: string | null };
  return {
    id: r.id as string,
    customerId: r.customer_id as string,
    productId: r.product_id as string,
    productVersion: r.product_version as number,
    currency: r.currency as Currency,
    requestedLimitMinor: request.requestedLimitMinor === null ? null : BigInt(request.requestedLimitMinor),
    monthlyIncomeMinor: request.monthlyIncomeMinor === null ? null : BigInt(request.monthlyIncomeMinor),
    outcome: r.outcome as DecisionOutcome,
    limitMinor: r.limit_minor as bigint,
    priceTier: r.price_tier as string | null,
    reasons: r.reasons as string[],
    decisionId: r.decision_id as string | null,
    createdAt: r.created_at as Instant,
  };
}

function pricedContractFromRow(r: Row, what: string): PricedContract {
  return {
    id: r.id as string,
    customerId: r.customer_id as string,
    productId: r.product_id as string,
    productVersion: r.product_version as number,
    currency: r.currency as Currency,
    limitMinor: r.limit_minor as bigint,
    priceTier: r.price_tier as string | null,
    terms: storedTerms(r.terms, `${what} ${r.id}`),
  };
}

export function offerFromRow(r: Row): Offer {
  return {
    ...pricedContractFromRow(r, 'offer'),
    applicationId: r.application_id as string,
    example: r.example as OfferExample,
    expiresAt: r.expires_at as Instant,
    createdAt: r.created_at as Instant,
  };
}

export function lineFromRow(r: Row): CreditLine {
  return {
    ...pricedContractFromRow(r, 'line'),
    offerId: r.offer_id as string,
    openedOn: r.opened_on as LocalDate,
    createdAt: r.created_at as Instant,
  };
}

export function drawdownFromRow(r: Row): Drawdown {
  return {
    id: r.id as string,
    lineId: r.line_id as string,
    loanId: r.loan_id as string,
    kind: r.kind as 'cash' | 'purchase',
    holdId: r.hold_id as string | null,
    merchantId: r.merchant_id as string | null,
    purpose: r.purpose as string | null,
    currency: r.currency as Currency,
    principalMinor: r.principal_minor as bigint,
    term: r.term as number,
    disbursedOn: r.disbursed_on as LocalDate,
    schedule: JSON.parse(r.schedule as string) as ScheduleJson,
    aprPercent: String(r.apr_percent),
    createdAt: r.created_at as Instant,
  };
}

/** A hold with its resolution (columns `status`, `captured_minor`, `drawdown_id` from the join). */
export function holdFromRow(r: Row, now: Instant): Hold {
  const resolved = r.status as 'captured' | 'voided' | null;
  const expiresAt = r.expires_at as Instant;
  return {
    id: r.id as string,
    lineId: r.line_id as string,
    currency: r.currency as Currency,
    amountMinor: r.amount_minor as bigint,
    term: r.term as number,
    merchantId: r.merchant_id as string,
    reference: r.reference as string | null,
    status: resolved ?? (expiresAt <= now ? 'expired' : 'authorized'),
    capturedMinor: resolved === 'captured' ? (r.captured_minor as bigint) : null,
    drawdownId: r.drawdown_id as string | null,
    expiresAt,
    createdAt: r.created_at as Instant,
  };
}

/**
 * The rows a batch insert reads from JSON (`jsonb_to_recordset`), each the inverse of its reader above
 * but for the tenant, which a statement binds once: a command builds its records, writes their rows
 * and answers the records it inserted without reading them back.
 */
export function applicationToRow(a: Application): Row {
  return {
    id: a.id, customer_id: a.customerId, product_id: a.productId, product_version: a.productVersion, currency: a.currency,
    request: { requestedLimitMinor: a.requestedLimitMinor?.toString() ?? null, monthlyIncomeMinor: a.monthlyIncomeMinor?.toString() ?? null },
    outcome: a.outcome, limit_minor: a.limitMinor.toString(), price_tier: a.priceTier, reasons: a.reasons, decision_id: a.decisionId, created_at: a.createdAt,
  };
}

function pricedContractToRow(c: PricedContract): Row {
  return {
    id: c.id, customer_id: c.customerId, product_id: c.productId, product_version: c.productVersion, currency: c.currency,
    limit_minor: c.limitMinor.toString(), price_tier: c.priceTier, terms: productDocumentToJson(c.terms),
  };
}

export function offerToRow(o: Offer): Row {
  return { ...pricedContractToRow(o), application_id: o.applicationId, example: o.example, expires_at: o.expiresAt, created_at: o.createdAt };
}

export function lineToRow(l: CreditLine): Row {
  return { ...pricedContractToRow(l), offer_id: l.offerId, opened_on: l.openedOn, created_at: l.createdAt };
}

export function drawdownToRow(d: Drawdown): Row {
  return {
    id: d.id, line_id: d.lineId, loan_id: d.loanId, kind: d.kind, hold_id: d.holdId, merchant_id: d.merchantId, purpose: d.purpose, currency: d.currency,
    principal_minor: d.principalMinor.toString(), term: d.term, disbursed_on: d.disbursedOn, schedule: d.schedule, apr_percent: d.aprPercent,
    created_at: d.createdAt,
  };
}

/**
 * Offers and credit lines never change once stored (their rows are append-only; what happens to them
 * later is recorded elsewhere), so the services that write and read them share an in-process cache
 * of each (kernel/record-cache.ts): an offer shown or accepted, and a line drawn on, are read from
 * the database only on a miss.
 */
export interface OriginationCaches {
  readonly offers: RecordCache<Offer>;
  readonly lines: RecordCache<CreditLine>;
}

export function createOriginationCaches(): OriginationCaches {
  return { offers: createRecordCache(), lines: createRecordCache() };
}

export const SELECT_LINES = 'SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND id = ANY($2::text[])';
export const SELECT_HOLD = `SELECT h.*, r.status, r.amount_minor AS captured_minor, r.drawdown_id
  FROM lending_holds h LEFT JOIN lending_hold_resolutions r ON r.tenant_id = h.tenant_id AND r.hold_id = h.id`;

export async function selectOne<T>(sql: Sql, text: string, params: readonly unknown[], map: (r: Row) => T): Promise<T | null> {
  const [row] = await sql.query(text, params);
  return row ? map(row) : null;
}

/** A page of a tenant's records of `table` in id order, of one customer's only when `customerId` is given. */
export async function selectCustomerPage<T>(
  sql: Sql,
  table: 'lending_applications' | 'lending_credit_lines',
  tenantId: string,
  page: PageRequest & { customerId?: string },
  map: (r: Row) => T,
): Promise<Page<T>> {
  const limit = pageLimit(page);
  const rows = await sql.query(
    `SELECT * FROM ${table} WHERE tenant_id = $1 AND id > $2 AND ($3::text IS NULL OR customer_id = $3) ORDER BY id LIMIT $4`,
    [tenantId, page.cursor ?? '', page.customerId ?? null, limit + 1],
  );
  return toPage(rows, limit, (r) => r.id as string, map);
}

class Refusal extends Error {
  constructor(readonly refusal: Err<string>) {
    super(refusal.code);
  }
}

/** A batch's outcomes once every request has one (requests wait as null while their work is done). */
export function settled<T>(outcomes: readonly (T | null)[]): T[] {
  return outcomes.map((o) => {
    assert(o !== null, 'every request of a batch has an outcome');
    return o;
  });
}

/** Stops a `refusable` transaction: everything it wrote is rolled back and `code` is its answer. */
export function refuse(code: string, message?: string, param?: string): never {
  throw new Refusal(err(code, message, param));
}

/** Runs `work` in one transaction; a `refuse` inside rolls it all back and is returned as an Err. */
export async function refusable<T, C extends string>(db: Database, work: (tx: Sql) => Promise<T>): Promise<Result<T, C>> {
  try {
    return { ok: true, value: await db.transaction(work) };
  } catch (error) {
    if (error instanceof Refusal) return error.refusal as Err<C>;
    throw error;
  }
}
