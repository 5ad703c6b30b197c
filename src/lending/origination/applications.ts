/**
 * Applications and offers. Applying asks the decision port, and for an approval quotes the offer
 * (limit, price, example schedule, all-in APR, total cost) — refused before it is ever shown when
 * compliance says no — then records the application and its offer in one statement; many
 * applications are decided and recorded at once the same way (`applyMany`). Accepting an offer opens
 * its credit line (acceptances.ts, which this service includes). Every command is idempotent by its
 * client id; a replay answers the record already made. A command answers the records it built,
 * never read back, and offers, which never change once stored, are read through the cache the
 * origination services share (records.ts).
 */
import type { Database, Sql } from '../../db/database.ts';
import { selectByIds } from '../../db/select-by-ids.ts';
import { assert } from '../../kernel/assert.ts';
import { coalesceByTenant } from '../../kernel/coalesce.ts';
import { businessDateOf, epochMs, instantFromEpochMs, type Clock, type Instant } from '../../kernel/instant.ts';
import type { IdGenerator } from '../../kernel/ids.ts';
import { limits } from '../../kernel/limits.ts';
import { formatAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import type { Customer, Customers } from '../customers/customers.ts';
import type { Page, PageRequest } from '../../kernel/paging.ts';
import { pricingForTier, type ProductDocument } from '../products/product-document.ts';
import type { Products, ProductVersion, Saved } from '../products/products.ts';
import { scheduleToJson } from '../schedules/schedule-json.ts';
import { formatDecimal } from '../../kernel/decimal.ts';
import { createAcceptances, type Acceptances } from './acceptances.ts';
import type { ApplicantSignals, Decision, DecisionPort } from './decision-port.ts';
import { parseRequestAmount } from './line-requests.ts';
import { quoteOffer, type Quote, type QuoteErrorCode } from './quote.ts';
import {
  applicationFromRow,
  applicationToRow,
  offerFromRow,
  offerToRow,
  selectCustomerPage,
  settled,
  type Application,
  type Offer,
  type OfferExample,
  type OriginationCaches,
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

export interface Applications extends Acceptances {
  apply(tenantId: string, request: ApplicationRequest): Promise<Result<Saved<Decided>, OriginationResultCode | QuoteErrorCode>>;
  /** Many applications (at most limits.applicationBatchMax), decided in order; one outcome per request, in order. */
  applyMany(tenantId: string, requests: readonly ApplicationRequest[]): Promise<Result<Saved<Decided>, OriginationResultCode | QuoteErrorCode>[]>;
  getApplication(tenantId: string, id: string): Promise<Decided | null>;
  listApplications(tenantId: string, page: PageRequest & { customerId?: string }): Promise<Page<Decided>>;
  getOffer(tenantId: string, id: string): Promise<Offer | null>;
}

export interface OriginationDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly ledger: Ledger;
  readonly products: Products;
  readonly customers: Customers;
  readonly caches: OriginationCaches;
  readonly timeZone?: string;
}

function parseOptionalAmount(text: string | undefined, c: Currency, param: string): Result<bigint | null, OriginationResultCode> {
  return text === undefined ? ok(null) : parseRequestAmount(text, c, param);
}

/** The contract a line is signed under: the product version at the tier's price, with no other tiers. */
function pricedTerms(doc: ProductDocument, tier: string | null): ProductDocument {
  return { ...doc, pricing: pricingForTier(doc, tier), priceTiers: {} };
}

const SELECT_APPLICATIONS = 'SELECT * FROM lending_applications WHERE tenant_id = $1 AND id = ANY($2::text[])';
const SELECT_OFFERS_OF = 'SELECT * FROM lending_offers WHERE tenant_id = $1 AND application_id = ANY($2::text[])';
/**
 * Inserts applications (an id already used is skipped) and the offers of those inserted, in one
 * statement, and returns the ids of the applications inserted: the rest of each row is what was sent.
 */
const RECORD_APPLICATIONS = `
WITH apps AS (
  INSERT INTO lending_applications (tenant_id, id, customer_id, product_id, product_version, currency, request, outcome, limit_minor, price_tier, reasons, decision_id, created_at)
  SELECT $1, a.id, a.customer_id, a.product_id, a.product_version, a.currency, a.request, a.outcome, a.limit_minor, a.price_tier, a.reasons, a.decision_id, a.created_at
  FROM jsonb_to_recordset($2::jsonb) AS a(id text, customer_id text, product_id text, product_version int, currency text, request jsonb, outcome text,
    limit_minor int8, price_tier text, reasons jsonb, decision_id text, created_at timestamptz)
  ON CONFLICT DO NOTHING RETURNING id
), offers AS (
  INSERT INTO lending_offers (tenant_id, id, application_id, customer_id, product_id, product_version, currency, limit_minor, price_tier, terms, example, expires_at, created_at)
  SELECT $1, o.id, o.application_id, o.customer_id, o.product_id, o.product_version, o.currency, o.limit_minor, o.price_tier, o.terms, o.example,
    o.expires_at, o.created_at
  FROM jsonb_to_recordset($3::jsonb) AS o(id text, application_id text, customer_id text, product_id text, product_version int, currency text,
    limit_minor int8, price_tier text, terms jsonb, example jsonb, expires_at timestamptz, created_at timestamptz)
  JOIN apps ON apps.id = o.application_id
)
SELECT id FROM apps`;

/** An application decided on: the request, parsed, with its product version and customer. */
interface PendingApplication {
  readonly id: string;
  readonly request: ApplicationRequest;
  readonly product: ProductVersion;
  readonly customer: Customer;
  readonly requestedLimitMinor: bigint | null;
  readonly monthlyIncomeMinor: bigint | null;
}

/** The offer an approval makes: its id, the priced contract and the quote of its example. */
interface OfferDraft {
  readonly id: string;
  readonly terms: ProductDocument;
  readonly quote: Quote & { readonly term: number; readonly principalMinor: bigint };
}

/** What an offer shows of its example: the quote's amounts as decimal strings and its schedule. */
function offerExample({ terms, quote: q }: OfferDraft): OfferExample {
  const c = terms.currency;
  return {
    principal: formatAmount(q.principalMinor, c),
    term: q.term,
    aprPercent: q.aprPercent.toFixed(2),
    totalCost: formatAmount(q.totalCostMinor, c),
    capPercent: q.compliance.capPercent === null ? null : formatDecimal(q.compliance.capPercent),
    schedule: scheduleToJson(q.schedule),
  };
}
const SELECT_OFFERS = 'SELECT * FROM lending_offers WHERE tenant_id = $1 AND id = ANY($2::text[])';

export function createApplications(deps: OriginationDeps & { decisions: DecisionPort }): Applications {
  const { db, clock, ids, products, customers, decisions, caches } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';

  // Offers by id: from the cache, the misses read in one statement. Concurrent single reads (an offer
  // shown) are coalesced into one look-up.
  const offersById = caches.offers.readThrough(selectByIds(db, SELECT_OFFERS, offerFromRow));
  const getOffer = coalesceByTenant(offersById, limits.pageSizeMax);

  /** The applications with these ids and their offers, by id. */
  const getApplications = async (tenantId: string, applicationIds: readonly string[]): Promise<Map<string, Decided>> => {
    const rows = await db.query(SELECT_APPLICATIONS, [tenantId, applicationIds]);
    const offers = await db.query(SELECT_OFFERS_OF, [tenantId, applicationIds]);
    const offerOf = new Map(offers.map((r) => [r.application_id as string, offerFromRow(r)]));
    return new Map(rows.map((r) => [r.id as string, { application: applicationFromRow(r), offer: offerOf.get(r.id as string) ?? null }]));
  };

  const getApplication = async (tenantId: string, id: string): Promise<Decided | null> => (await getApplications(tenantId, [id])).get(id) ?? null;

  /** A request under an id already used: the first outcome if it is the same request, id_reused if not. */
  const replayOf = (a: Omit<PendingApplication, 'customer'>, earlier: Decided): Result<Saved<Decided>, OriginationResultCode> => {
    const e = earlier.application;
    const same = e.customerId === a.request.customerId && e.productId === a.request.productId && e.requestedLimitMinor === a.requestedLimitMinor
      && e.monthlyIncomeMinor === a.monthlyIncomeMinor;
    return same ? ok({ value: earlier, created: false }) : err('id_reused', `application ${a.id} was made from another request`, 'id');
  };

  /**
   * Decides applications in order through the decision port (one call for them all), quotes the
   * approvals, and records every application and offer in one statement.
   */
  const applyMany: Applications['applyMany'] = async (tenantId, requests) => {
    assert(requests.length <= limits.applicationBatchMax, `an application batch holds at most ${limits.applicationBatchMax} applications`);
    if (requests.length === 0) return [];
    // Read at once, each on a connection of its own: every one is on the critical path of the batch.
    const productIds = [...new Set(requests.map((r) => r.productId))];
    const givenIds = requests.flatMap((r) => (r.id === undefined ? [] : [r.id]));
    const [versions, existing, customersById] = await Promise.all([
      Promise.all(productIds.map((productId) => products.get(tenantId, productId))),
      givenIds.length === 0 ? new Map<string, Decided>() : getApplications(tenantId, givenIds),
      customers.getMany(tenantId, [...new Set(requests.map((r) => r.customerId))]),
    ]);
    const productOf = new Map(productIds.map((productId, i) => [productId, versions[i] ?? null]));
    const now = clock.now();
    const today = businessDateOf(now, timeZone);

    // Filled in request order; an application being decided waits for the transaction.
    const outcomes: (Result<Saved<Decided>, OriginationResultCode | QuoteErrorCode> | null)[] = [];
    const deciding: { at: number; application: PendingApplication }[] = [];
    const repeated: { at: number; application: PendingApplication }[] = [];
    requests.forEach((request, at) => {
      const product = productOf.get(request.productId);
      if (!product) return outcomes.push(err('product_not_found', `no product ${request.productId}`, 'productId'));
      const doc = product.document;
      const requestedLimit = parseOptionalAmount(request.requestedLimit, doc.currency, 'requestedLimit');
      if (!requestedLimit.ok) return outcomes.push(requestedLimit);
      const monthlyIncome = parseOptionalAmount(request.monthlyIncome, doc.currency, 'monthlyIncome');
      if (!monthlyIncome.ok) return outcomes.push(monthlyIncome);
      const pending = { id: request.id ?? ids.next('app'), request, product, requestedLimitMinor: requestedLimit.value, monthlyIncomeMinor: monthlyIncome.value };
      const earlier = request.id === undefined ? undefined : existing.get(request.id);
      if (earlier !== undefined) return outcomes.push(replayOf(pending, earlier));
      if (!doc.onSale) return outcomes.push(err('product_not_on_sale', `product ${request.productId} is withdrawn from sale (its latest version)`, 'productId'));
      const customer = customersById.get(request.customerId);
      if (customer === undefined) return outcomes.push(err('customer_not_found', `no customer ${request.customerId}`, 'customerId'));
      // An id given twice in one batch is decided once; the second is answered as a replay.
      (deciding.some((d) => d.application.id === pending.id) ? repeated : deciding).push({ at, application: { ...pending, customer } });
      return outcomes.push(null);
    });
    if (deciding.length === 0) return settled(outcomes);

    const decided = await decisions.decide(tenantId, deciding.map(({ application: a }) => {
      const doc = a.product.document;
      return {
        applicationId: a.id,
        customer: { id: a.customer.id, birthOn: a.customer.birthOn, idNumberHash: a.customer.idNumberHash, phone: a.customer.phone },
        signals: a.request.applicant ?? {},
        appliedAt: now,
        product: { id: a.product.productId, version: a.product.version, type: doc.type, currency: doc.currency, amountMinMinor: doc.amountMinMinor, amountMaxMinor: doc.amountMaxMinor },
        requestedLimitMinor: a.requestedLimitMinor,
        monthlyIncomeMinor: a.monthlyIncomeMinor,
        appliedOn: today,
      };
    }));
    const recording: { at: number; application: PendingApplication; decision: Decision; offer: OfferDraft | null }[] = [];
    deciding.forEach(({ at, application }, i) => {
      const decision = decided[i] as Decision;
      const approved = decision.outcome === 'approve';
      assert(!approved || decision.limitMinor > 0n, 'an approval grants a positive limit');
      const terms = pricedTerms(application.product.document, decision.priceTier);
      const quote = approved ? quoteOffer(terms, terms.pricing, decision.limitMinor, { disbursedOn: today }) : null;
      if (quote !== null && !quote.ok) outcomes[at] = quote;
      else recording.push({ at, application, decision, offer: quote === null ? null : { id: ids.next('offer'), terms, quote: quote.value } });
    });

    const saved = await recordApplications(db, tenantId, now, recording);
    for (const { offer } of saved.values()) if (offer !== null) caches.offers.add(tenantId, offer.id, offer);
    for (const { at, application } of recording) {
      const made = saved.get(application.id);
      outcomes[at] = made === undefined ? null : ok({ value: made, created: true });
    }
    // An id another request took meanwhile, or this batch: a replay if that request was this one.
    const raced = [...recording.filter(({ application }) => !saved.has(application.id)), ...repeated];
    const stored = raced.length === 0 ? new Map<string, Decided>() : await getApplications(tenantId, raced.map((r) => r.application.id));
    for (const { at, application } of raced) {
      const earlier = stored.get(application.id);
      outcomes[at] = earlier === undefined ? err('id_reused', `application ${application.id} exists`, 'id') : replayOf(application, earlier);
    }
    return settled(outcomes);
  };

  /**
   * Records the applications (an id already used is skipped) and the offers of those inserted; answers
   * the records inserted, by application id, as made here: nothing is read back.
   */
  const recordApplications = async (
    sql: Sql,
    tenantId: string,
    now: Instant,
    recording: readonly { application: PendingApplication; decision: Decision; offer: OfferDraft | null }[],
  ): Promise<Map<string, Decided>> => {
    const expiresAt = instantFromEpochMs(epochMs(now) + limits.offerValidDays * 86_400_000);
    const records = recording.map(({ application: a, decision: d, offer }): Decided => ({
      application: {
        id: a.id, customerId: a.customer.id, productId: a.product.productId, productVersion: a.product.version, currency: a.product.document.currency,
        requestedLimitMinor: a.requestedLimitMinor, monthlyIncomeMinor: a.monthlyIncomeMinor, outcome: d.outcome,
        limitMinor: d.outcome === 'approve' ? d.limitMinor : 0n, priceTier: d.priceTier, reasons: d.reasons, decisionId: d.decisionId ?? null, createdAt: now,
      },
      offer: offer === null ? null : {
        id: offer.id, applicationId: a.id, customerId: a.customer.id, productId: a.product.productId, productVersion: a.product.version,
        currency: offer.terms.currency, limitMinor: d.limitMinor, priceTier: d.priceTier, terms: offer.terms, example: offerExample(offer),
        expiresAt, createdAt: now,
      },
    }));
    const rows = await sql.query<{ id: string }>(RECORD_APPLICATIONS, [
      tenantId,
      JSON.stringify(records.map(({ application }) => applicationToRow(application))),
      JSON.stringify(records.flatMap(({ offer }) => (offer === null ? [] : [offerToRow(offer)]))),
    ]);
    const inserted = new Set(rows.map((r) => r.id));
    return new Map(records.filter((r) => inserted.has(r.application.id)).map((r) => [r.application.id, r]));
  };

  const applyOne = coalesceByTenant(applyMany, limits.applicationBatchMax);

  return {
    apply: applyOne,
    applyMany,

    getApplication,

    async listApplications(tenantId, page) {
      const found = await selectCustomerPage(db, 'lending_applications', tenantId, page, applicationFromRow);
      const offers = await db.query('SELECT * FROM lending_offers WHERE tenant_id = $1 AND application_id = ANY($2::text[])', [tenantId, found.items.map((a) => a.id)]);
      const offerOf = new Map(offers.map((r) => [r.application_id as string, offerFromRow(r)]));
      return { items: found.items.map((application) => ({ application, offer: offerOf.get(application.id) ?? null })), nextCursor: found.nextCursor };
    },

    getOffer,
    ...createAcceptances(deps, offersById),

  };
}

