/**
 * Applications, offers and acceptance. Applying asks the decision port, and for an approval quotes the
 * offer (limit, price, example schedule, all-in APR, total cost) — refused before it is ever shown when
 * compliance says no — then records the application and its offer in one transaction. Accepting an
 * open offer opens the credit line: the contract (the product version priced at the decision's tier,
 * copied, never referenced) and the limit credited to the line's ledger account, in one transaction.
 * Every command is idempotent by its client id; a replay answers the record already made.
 */
import type { Database } from '../../db/database.ts';
import { assert } from '../../kernel/assert.ts';
import { businessDateOf, epochMs, instantFromEpochMs, type Clock } from '../../kernel/instant.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { limits } from '../../kernel/limits.ts';
import { formatAmount, parseAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import type { Customers } from '../customers/customers.ts';
import { pageLimit, toPage, type Page, type PageRequest } from '../products/paging.ts';
import { pricingForTier, productDocumentToJson, type ProductDocument } from '../products/product-document.ts';
import type { Products, Saved } from '../products/products.ts';
import { scheduleToJson } from '../schedules/schedule-json.ts';
import { formatDecimal } from '../../kernel/decimal.ts';
import { limitAccounts, openLineTransfer } from './credit-limits.ts';
import type { ApplicantSignals, DecisionPort } from './decision-port.ts';
import { quoteOffer, type QuoteErrorCode } from './quote.ts';
import {
  applicationFromRow,
  lineFromRow,
  offerFromRow,
  refusable,
  refuse,
  selectOne,
  type Application,
  type CreditLine,
  type Offer,
  type OriginationResultCode,
} from './records.ts';

export interface ApplicationRequest {
  readonly id?: string;
  readonly customerId: string;
  readonly productId: string;
  /** Decimal strings in the product's currency. */
  readonly requestedLimit?: string;
  readonly monthlyIncome?: string;
  /** Device and channel signals for fraud checks; not part of the application's identity for replays. */
  readonly applicant?: ApplicantSignals;
}

export interface Decided {
  readonly application: Application;
  readonly offer: Offer | null;
}

export interface Applications {
  apply(tenantId: string, request: ApplicationRequest): Promise<Result<Saved<Decided>, OriginationResultCode | QuoteErrorCode>>;
  getApplication(tenantId: string, id: string): Promise<Decided | null>;
  listApplications(tenantId: string, page: PageRequest & { customerId?: string }): Promise<Page<Decided>>;
  getOffer(tenantId: string, id: string): Promise<Offer | null>;
  accept(tenantId: string, offerId: string, request: { lineId?: string }): Promise<Result<Saved<CreditLine>, OriginationResultCode>>;
  getLine(tenantId: string, id: string): Promise<CreditLine | null>;
  listLines(tenantId: string, page: PageRequest & { customerId?: string }): Promise<Page<CreditLine>>;
}

export interface OriginationDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly ledger: Ledger;
  readonly products: Products;
  readonly customers: Customers;
  readonly timeZone?: string;
}

function parseOptionalAmount(text: string | undefined, c: Currency, param: string): Result<bigint | null, OriginationResultCode> {
  if (text === undefined) return ok(null);
  const parsed = parseAmount(text, c, { allowZero: false });
  if (parsed.ok) return parsed;
  const code = parsed.code === 'amount_out_of_range' || parsed.code === 'unknown_currency' ? 'invalid_amount' : parsed.code;
  return err(code, parsed.message, param);
}

/** The contract a line is signed under: the product version at the tier's price, with no other tiers. */
function pricedTerms(doc: ProductDocument, tier: string | null): ProductDocument {
  return { ...doc, pricing: pricingForTier(doc, tier), priceTiers: {} };
}

const SELECT_APPLICATION = 'SELECT * FROM lending_applications WHERE tenant_id = $1 AND id = $2';
const SELECT_OFFER_OF = 'SELECT * FROM lending_offers WHERE tenant_id = $1 AND application_id = $2';

export function createApplications(deps: OriginationDeps & { decisions: DecisionPort }): Applications {
  const { db, clock, ids, ledger, products, customers, decisions } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';

  const getApplication = async (tenantId: string, id: string): Promise<Decided | null> => {
    const application = await selectOne(db, SELECT_APPLICATION, [tenantId, id], applicationFromRow);
    if (application === null) return null;
    return { application, offer: await selectOne(db, SELECT_OFFER_OF, [tenantId, id], offerFromRow) };
  };

  const getOffer = (tenantId: string, id: string): Promise<Offer | null> =>
    selectOne(db, 'SELECT * FROM lending_offers WHERE tenant_id = $1 AND id = $2', [tenantId, id], offerFromRow);

  const replay = async (tenantId: string, id: string, same: (a: Application) => boolean): Promise<Result<Saved<Decided>, OriginationResultCode> | null> => {
    const existing = await getApplication(tenantId, id);
    if (existing === null) return null;
    return same(existing.application) ? ok({ value: existing, created: false }) : err('id_reused', `application ${id} was made from another request`, 'id');
  };

  return {
    async apply(tenantId, request) {
      const product = await products.get(tenantId, request.productId);
      if (product === null) return err('product_not_found', `no product ${request.productId}`, 'productId');
      const doc = product.document;
      const requestedLimit = parseOptionalAmount(request.requestedLimit, doc.currency, 'requestedLimit');
      if (!requestedLimit.ok) return requestedLimit;
      const monthlyIncome = parseOptionalAmount(request.monthlyIncome, doc.currency, 'monthlyIncome');
      if (!monthlyIncome.ok) return monthlyIncome;
      const same = (a: Application): boolean =>
        a.customerId === request.customerId && a.productId === request.productId && a.requestedLimitMinor === requestedLimit.value && a.monthlyIncomeMinor === monthlyIncome.value;
      if (request.id !== undefined) {
        const replayed = await replay(tenantId, request.id, same);
        if (replayed !== null) return replayed;
      }
      const customer = await customers.get(tenantId, request.customerId);
      if (customer === null) return err('customer_not_found', `no customer ${request.customerId}`, 'customerId');

      const id = request.id ?? ids.next('app');
      const now = clock.now();
      const today = businessDateOf(now, timeZone);
      const decision = await decisions.decide(tenantId, {
        applicationId: id,
        customer: { id: customer.id, birthOn: customer.birthOn, idNumberHash: customer.idNumberHash, phone: customer.phone },
        signals: request.applicant ?? {},
        appliedAt: now,
        product: { id: product.productId, version: product.version, type: doc.type, currency: doc.currency, amountMinMinor: doc.amountMinMinor, amountMaxMinor: doc.amountMaxMinor },
        requestedLimitMinor: requestedLimit.value,
        monthlyIncomeMinor: monthlyIncome.value,
        appliedOn: today,
      });
      const approved = decision.outcome === 'approve';
      assert(!approved || decision.limitMinor > 0n, 'an approval grants a positive limit');
      const terms = pricedTerms(doc, decision.priceTier);
      const quote = approved ? quoteOffer(terms, terms.pricing, decision.limitMinor, { disbursedOn: today }) : null;
      if (quote !== null && !quote.ok) return quote;

      const saved = await refusable<Decided, OriginationResultCode>(db, async (tx) => {
        const [row] = await tx.query(
          `INSERT INTO lending_applications (tenant_id, id, customer_id, product_id, product_version, currency, request, outcome, limit_minor, price_tier, reasons, decision_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING *`,
          [
            tenantId, id, customer.id, product.productId, product.version, doc.currency,
            JSON.stringify({ requestedLimitMinor: requestedLimit.value?.toString() ?? null, monthlyIncomeMinor: monthlyIncome.value?.toString() ?? null }),
            decision.outcome, approved ? decision.limitMinor : 0n, decision.priceTier, JSON.stringify(decision.reasons), decision.decisionId ?? null, now,
          ],
        );
        if (!row) refuse('id_reused', `application ${id} exists`, 'id');
        if (quote === null) return { application: applicationFromRow(row), offer: null };
        const q = quote.value;
        const c = terms.currency;
        const example = {
          principal: formatAmount(q.principalMinor, c),
          term: q.term,
          aprPercent: q.aprPercent.toFixed(2),
          totalCost: formatAmount(q.totalCostMinor, c),
          capPercent: q.compliance.capPercent === null ? null : formatDecimal(q.compliance.capPercent),
          schedule: scheduleToJson(q.schedule),
        };
        const [offer] = await tx.query(
          `INSERT INTO lending_offers (tenant_id, id, application_id, customer_id, product_id, product_version, currency, limit_minor, price_tier, terms, example, expires_at, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
          [
            tenantId, ids.next('offer'), id, customer.id, product.productId, product.version, c, decision.limitMinor, decision.priceTier,
            JSON.stringify(productDocumentToJson(terms)), JSON.stringify(example), instantFromEpochMs(epochMs(now) + limits.offerValidDays * 86_400_000), now,
          ],
        );
        return { application: applicationFromRow(row), offer: offerFromRow(offer as Record<string, unknown>) };
      });
      if (saved.ok) return ok({ value: saved.value, created: true });
      return (await replay(tenantId, id, same)) ?? saved;
    },

    getApplication,

    async listApplications(tenantId, page) {
      const limit = pageLimit(page);
      const rows = await db.query(
        `SELECT * FROM lending_applications WHERE tenant_id = $1 AND id > $2 AND ($3::text IS NULL OR customer_id = $3) ORDER BY id LIMIT $4`,
        [tenantId, page.cursor ?? '', page.customerId ?? null, limit + 1],
      );
      const found = toPage(rows, limit, (r) => r.id as string, applicationFromRow);
      const offers = await db.query('SELECT * FROM lending_offers WHERE tenant_id = $1 AND application_id = ANY($2::text[])', [tenantId, found.items.map((a) => a.id)]);
      const offerOf = new Map(offers.map((r) => [r.application_id as string, offerFromRow(r)]));
      return { items: found.items.map((application) => ({ application, offer: offerOf.get(application.id) ?? null })), nextCursor: found.nextCursor };
    },

    getOffer,

    async accept(tenantId, offerId, request) {
      const lineOfOffer = () => selectOne(db, 'SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND offer_id = $2', [tenantId, offerId], lineFromRow);
      const replayed = async (): Promise<Result<Saved<CreditLine>, OriginationResultCode> | null> => {
        const line = await lineOfOffer();
        if (line === null) return null;
        return request.lineId === undefined || request.lineId === line.id ? ok({ value: line, created: false }) : err('id_reused', `offer ${offerId} was accepted as line ${line.id}`, 'lineId');
      };
      const offer = await getOffer(tenantId, offerId);
      if (offer === null) return err('offer_not_found', `no offer ${offerId}`, 'offerId');
      const earlier = await replayed();
      if (earlier !== null) return earlier;
      const now = clock.now();
      if (offer.expiresAt <= now) return err('offer_expired', `offer ${offerId} expired at ${offer.expiresAt}`, 'offerId');

      const lineId = request.lineId ?? ids.next('line');
      // Accounts first (idempotent, outside the transaction): an empty account left by a crash is harmless.
      const accounts = await ledger.createAccounts(tenantId, limitAccounts(lineId, offer.currency));
      assert(accounts.ok, 'line accounts: request refused');
      if (accounts.value.some((r) => r !== 'ok' && r !== 'exists')) return err('id_reused', `line ${lineId} exists`, 'lineId');
      const opened = await refusable<CreditLine, OriginationResultCode>(db, async (tx) => {
        const [row] = await tx.query(
          `INSERT INTO lending_credit_lines (tenant_id, id, offer_id, customer_id, product_id, product_version, currency, limit_minor, price_tier, terms, opened_on, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING *`,
          [tenantId, lineId, offer.id, offer.customerId, offer.productId, offer.productVersion, offer.currency, offer.limitMinor, offer.priceTier, JSON.stringify(productDocumentToJson(offer.terms)), businessDateOf(now, timeZone), now],
        );
        if (!row) refuse('id_reused', `line ${lineId} exists`, 'lineId');
        const posted = await ledger.applyTransfers(tx, tenantId, [openLineTransfer(lineId, offer.currency, offer.limitMinor)]);
        assert(posted.ok && isTransferSuccess(posted.value[0]!), `line ${lineId}: limit not posted`);
        return lineFromRow(row);
      });
      if (opened.ok) return ok({ value: opened.value, created: true });
      return (await replayed()) ?? opened;
    },

    getLine: (tenantId, id) => selectOne(db, 'SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND id = $2', [tenantId, id], lineFromRow),

    async listLines(tenantId, page) {
      const limit = pageLimit(page);
      const rows = await db.query(
        `SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND id > $2 AND ($3::text IS NULL OR customer_id = $3) ORDER BY id LIMIT $4`,
        [tenantId, page.cursor ?? '', page.customerId ?? null, limit + 1],
      );
      return toPage(rows, limit, (r) => r.id as string, lineFromRow);
    },
  };
}

