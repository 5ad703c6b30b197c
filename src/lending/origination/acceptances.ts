/**
 * Accepting offers: an open offer accepted opens its credit line — the contract (the product version
 * priced at the decision's tier, copied, never referenced) and the limit credited to the line's
 * ledger account — in one transaction; many offers are accepted at once the same way
 * (`acceptMany`, one statement and one ledger request per step for them all; concurrent single ones
 * coalesced into a batch). An offer opens one line: accepting it again answers that line, under the
 * line id given or any, and another line id is refused (`id_reused`); an expired offer opens none.
 * Lines never change once stored, so they are read through the cache the origination services share
 * (records.ts), where an acceptance puts what it opened.
 */
import { selectByIds } from '../../db/select-by-ids.ts';
import { assert } from '../../kernel/assert.ts';
import { coalesceByTenant } from '../../kernel/coalesce.ts';
import { businessDateOf } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import type { Page, PageRequest } from '../../kernel/paging.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { isTransferSuccess } from '../../ledger/result-codes.ts';
import type { Saved } from '../products/products.ts';
import type { OriginationDeps } from './applications.ts';
import { limitAccounts, openLineTransfer } from './credit-limits.ts';
import { lineFromRow, lineToRow, selectCustomerPage, settled, SELECT_LINES, type CreditLine, type Offer, type OriginationResultCode } from './records.ts';

/** An offer to accept, and the id its credit line takes (default: generated). */
export interface Acceptance {
  readonly offerId: string;
  readonly lineId?: string;
}

export interface Acceptances {
  accept(tenantId: string, offerId: string, request: { lineId?: string }): Promise<Result<Saved<CreditLine>, OriginationResultCode>>;
  /** Many acceptances (at most limits.acceptanceBatchMax) at once; one outcome per request, in order. */
  acceptMany(tenantId: string, requests: readonly Acceptance[]): Promise<Result<Saved<CreditLine>, OriginationResultCode>[]>;
  getLine(tenantId: string, id: string): Promise<CreditLine | null>;
  listLines(tenantId: string, page: PageRequest & { customerId?: string }): Promise<Page<CreditLine>>;
}

const SELECT_LINES_OF_OFFERS = 'SELECT * FROM lending_credit_lines WHERE tenant_id = $1 AND offer_id = ANY($2::text[])';
/** Inserts lines (an id or offer already used is skipped) and returns the ids and offers of those inserted. */
const INSERT_LINES = `
INSERT INTO lending_credit_lines (tenant_id, id, offer_id, customer_id, product_id, product_version, currency, limit_minor, price_tier, terms, opened_on, created_at)
SELECT $1, l.id, l.offer_id, l.customer_id, l.product_id, l.product_version, l.currency, l.limit_minor, l.price_tier, l.terms, l.opened_on, l.created_at
FROM jsonb_to_recordset($2::jsonb) AS l(id text, offer_id text, customer_id text, product_id text, product_version int, currency text,
  limit_minor int8, price_tier text, terms jsonb, opened_on date, created_at timestamptz)
ON CONFLICT DO NOTHING RETURNING id, offer_id`;

/** An accepted offer about to open its line, and where its outcome goes in the batch. */
interface Opening {
  readonly at: number;
  readonly offer: Offer;
  readonly lineId: string;
}

/** Rolls back a run of line openings some of whose accounts could not be made; carries the others. */
class AccountsMissing extends Error {
  constructor(readonly made: readonly Opening[]) {
    super('the ledger accounts of some lines could not be made');
  }
}

/** Offers by id, from the cache shared with the applications that made them. */
type OffersById = (tenantId: string, ids: readonly string[]) => Promise<(Offer | null)[]>;

export function createAcceptances(deps: Pick<OriginationDeps, 'db' | 'clock' | 'ids' | 'ledger' | 'caches' | 'timeZone'>, offersById: OffersById): Acceptances {
  const { db, clock, ids, ledger, caches } = deps;
  const timeZone = deps.timeZone ?? 'Asia/Shanghai';
  // A line shown, or its currency read: concurrent single reads coalesced into one look-up.
  const getLine = coalesceByTenant(caches.lines.readThrough(selectByIds(db, SELECT_LINES, lineFromRow)), limits.pageSizeMax);

  /**
   * Opens the lines of many accepted offers: their ledger accounts (idempotent, outside the
   * transaction: an empty account left by a crash is harmless) and, meanwhile, one transaction that
   * inserts the lines and, once the accounts are made, credits each one's limit: one statement and
   * one ledger request for them all.
   */
  const acceptMany: Acceptances['acceptMany'] = async (tenantId, requests) => {
    assert(requests.length <= limits.acceptanceBatchMax, `an acceptance batch holds at most ${limits.acceptanceBatchMax} offers`);
    if (requests.length === 0) return [];
    const offerIds = [...new Set(requests.map((r) => r.offerId))];
    const linesOfOffers = async (): Promise<Map<string, CreditLine>> =>
      new Map((await db.query(SELECT_LINES_OF_OFFERS, [tenantId, offerIds])).map((r) => [r.offer_id as string, lineFromRow(r)]));
    const replayOf = (request: Acceptance, line: CreditLine): Result<Saved<CreditLine>, OriginationResultCode> =>
      request.lineId === undefined || request.lineId === line.id
        ? ok({ value: line, created: false })
        : err('id_reused', `offer ${request.offerId} was accepted as line ${line.id}`, 'lineId');
    // Read at once, each on a connection of its own: both are on the critical path of the batch.
    const [found, accepted] = await Promise.all([offersById(tenantId, offerIds), linesOfOffers()]);
    const offers = new Map(found.flatMap((offer) => (offer === null ? [] : [[offer.id, offer] as const])));
    const now = clock.now();
    const openedOn = businessDateOf(now, timeZone);

    // Filled in request order; an offer being opened waits for the transaction.
    const outcomes: (Result<Saved<CreditLine>, OriginationResultCode> | null)[] = [];
    const opening: Opening[] = [];
    requests.forEach((request, at) => {
      const offer = offers.get(request.offerId);
      const earlier = accepted.get(request.offerId);
      if (offer === undefined) outcomes.push(err('offer_not_found', `no offer ${request.offerId}`, 'offerId'));
      else if (earlier !== undefined) outcomes.push(replayOf(request, earlier));
      else if (offer.expiresAt <= now) outcomes.push(err('offer_expired', `offer ${request.offerId} expired at ${offer.expiresAt}`, 'offerId'));
      else {
        opening.push({ at, offer, lineId: request.lineId ?? ids.next('line') });
        outcomes.push(null);
      }
    });
    if (opening.length === 0) return settled(outcomes);

    // The lines' ledger accounts are made on a connection of their own while the lines' transaction
    // starts and records the lines: one round trip fewer on the batch's path, and committed before the
    // limit postings read them. An offer whose accounts could not be made (an id in use with another
    // shape) rolls that transaction back, and it runs again without the offer.
    const accountsOf = opening.map((o) => limitAccounts(o.lineId, o.offer.currency));
    const withAccounts = ledger.createAccounts(tenantId, accountsOf.flat()).then((accountResults) => {
      assert(accountResults.ok, 'line accounts: request refused');
      let next = 0;
      return opening.filter((_, i) => {
        const results = accountResults.value.slice(next, (next += (accountsOf[i] as unknown[]).length));
        return results.every((r) => r === 'ok' || r === 'exists');
      });
    });
    withAccounts.catch(() => undefined); // awaited in the transaction; failing before that is not unhandled
    const openLines = (candidates: readonly Opening[]): Promise<Map<string, CreditLine>> => db.transaction(async (tx) => {
      const candidateLines = candidates.map(({ offer, lineId }): CreditLine => ({
        id: lineId, offerId: offer.id, customerId: offer.customerId, productId: offer.productId, productVersion: offer.productVersion,
        currency: offer.currency, limitMinor: offer.limitMinor, priceTier: offer.priceTier, terms: offer.terms, openedOn, createdAt: now,
      }));
      const rows = await tx.query<{ id: string; offer_id: string }>(INSERT_LINES, [tenantId, JSON.stringify(candidateLines.map(lineToRow))]);
      const made = await withAccounts;
      if (made.length < candidates.length) throw new AccountsMissing(made);
      const inserted = new Set(rows.map((r) => `${r.offer_id} ${r.id}`));
      const lines = new Map(candidateLines.filter((l) => inserted.has(`${l.offerId} ${l.id}`)).map((l) => [l.offerId, l]));
      // No line inserted (every line id in use) leaves nothing to post.
      if (lines.size === 0) return lines;
      const limitsOpened = [...lines.values()].map((line) => openLineTransfer(line.id, line.currency, line.limitMinor));
      const posted = await ledger.applyTransfers(tx, tenantId, limitsOpened);
      assert(posted.ok && posted.value.every(isTransferSuccess), 'line limits posted');
      return lines;
    });
    const opened = await openLines(opening).catch(async (error: unknown) => {
      if (!(error instanceof AccountsMissing)) throw error;
      return error.made.length === 0 ? new Map<string, CreditLine>() : openLines(error.made);
    });
    for (const line of opened.values()) caches.lines.add(tenantId, line.id, line);
    // Not opened here (an account or line id in use, the offer accepted meanwhile or twice in this batch):
    // a replay if the offer's line is the one asked for.
    const answered = new Set<string>();
    let current: Map<string, CreditLine> | null = null;
    for (const { at, offer, lineId } of opening) {
      const line = opened.get(offer.id);
      if (line?.id === lineId && !answered.has(offer.id)) {
        answered.add(offer.id);
        outcomes[at] = ok({ value: line, created: true });
        continue;
      }
      current ??= await linesOfOffers();
      const existing = current.get(offer.id);
      outcomes[at] = existing === undefined ? err('id_reused', `line ${lineId} exists`, 'lineId') : replayOf(requests[at] as Acceptance, existing);
    }
    return settled(outcomes);
  };

  const acceptOne = coalesceByTenant(acceptMany, limits.acceptanceBatchMax);

  return {
    accept: (tenantId, offerId, request) => acceptOne(tenantId, { ...request, offerId }),
    acceptMany,

    getLine,

    listLines: (tenantId, page) => selectCustomerPage(db, 'lending_credit_lines', tenantId, page, lineFromRow),
  };
}
