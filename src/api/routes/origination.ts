/**
 * Origination under `/v1`: credit-line applications (decided at once, with their offer when
 * approved), offers and their acceptance, credit lines with their available limit and status (frozen,
 * closed), drawdowns, and checkout holds (authorize, capture, void); applications, acceptances and drawdowns one or a batch.
 * Amounts are decimal strings in the currency of the product or line; every refusal carries the
 * domain's own code and writes nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { limits } from '../../kernel/limits.ts';
import { formatAmount } from '../../kernel/money.ts';
import type { Applications, Decided } from '../../lending/origination/applications.ts';
import type { Drawdowns } from '../../lending/origination/drawdowns.ts';
import { openingUsage } from '../../lending/origination/credit-limits.ts';
import { LINE_STATUSES, type LineStatus } from '../../lending/origination/line-status.ts';
import type { CreditLine, Drawdown, Hold, Offer } from '../../lending/origination/records.ts';
import type { Page, PageRequest } from '../../kernel/paging.ts';
import { productDocumentToJson } from '../../lending/products/product-document.ts';
import { ApiError, refused } from '../errors.ts';
import { keyedId } from '../idempotency.ts';
import { Amount, DateString, Nullable, PageQuery, errorResponses, pageOf } from '../schemas.ts';
import { batchResult, batchResults, checkCursor, createdStatus, Json, LendingId, seqCursor, Term } from './lending-common.ts';


const OfferView = Type.Object({
  id: LendingId, applicationId: LendingId, customerId: LendingId, productId: Type.String(), productVersion: Type.Integer(),
  currency: Type.String(), limit: Amount, priceTier: Nullable(Type.String()),
  pricing: Json,
  example: Json,
  aprPercent: Type.String({ description: 'all-in APR of the example, IRR basis' }),
  totalCost: Amount,
  status: Type.Union([Type.Literal('open'), Type.Literal('expired')]),
  expiresAt: Type.String(), createdAt: Type.String(),
});

const ApplicationView = Type.Object({
  id: LendingId, customerId: LendingId, productId: Type.String(), productVersion: Type.Integer(),
  requestedLimit: Nullable(Amount), monthlyIncome: Nullable(Amount),
  decision: Type.Object({ outcome: Type.String(), limit: Amount, priceTier: Nullable(Type.String()), reasons: Type.Array(Type.String()), decisionId: Nullable(Type.String()) }),
  offer: Nullable(OfferView),
  createdAt: Type.String(),
});

const LineView = Type.Object({
  id: LendingId, offerId: LendingId, customerId: LendingId, productId: Type.String(), productVersion: Type.Integer(),
  currency: Type.String(), limit: Amount, available: Amount, held: Amount, outstandingPrincipal: Amount,
  overLimit: Type.String({ ...Amount, description: 'principal outstanding above the limit: put back by a reversal after the borrower drew again; repayments pay it before the limit comes back' }),
  status: Type.Enum(LINE_STATUSES, { description: 'active; frozen (no drawdown, hold or capture until made active again); closed for good. Loans drawn go on as they are' }),
  priceTier: Nullable(Type.String()), terms: Json, openedOn: DateString, createdAt: Type.String(),
});

const DrawdownView = Type.Object({
  id: LendingId, lineId: LendingId, loanId: Type.String(), kind: Type.String(), holdId: Nullable(LendingId), merchantId: Nullable(Type.String()),
  purpose: Nullable(Type.String()), currency: Type.String(), principal: Amount, term: Type.Integer(), disbursedOn: DateString,
  aprPercent: Type.String(), schedule: Json, createdAt: Type.String(),
});

const HoldView = Type.Object({
  id: LendingId, lineId: LendingId, currency: Type.String(), amount: Amount, term: Type.Integer(), merchantId: Type.String(), reference: Nullable(Type.String()),
  status: Type.String({ description: 'authorized, captured, voided or expired' }), captured: Nullable(Amount), drawdownId: Nullable(LendingId),
  expiresAt: Type.String(), createdAt: Type.String(),
});

const ApplicationBody = Type.Object({
  id: Type.Optional(LendingId), customerId: LendingId, productId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,32}$' }),
  requestedLimit: Type.Optional(Amount), monthlyIncome: Type.Optional(Amount),
  applicant: Type.Optional(Type.Object({
    deviceId: Type.Optional(Type.String({ maxLength: 128 })), ip: Type.Optional(Type.String({ maxLength: 64 })),
    bankCard: Type.Optional(Type.String({ maxLength: 32 })), address: Type.Optional(Type.String({ maxLength: 256 })),
    contacts: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 20 })),
  }, { additionalProperties: false, description: 'device and channel signals for fraud checks (identity graph, velocity)' })),
}, { additionalProperties: false });

const IdParams = Type.Object({ id: LendingId });
const ListQuery = Type.Object({ ...PageQuery.properties, customerId: Type.Optional(LendingId) });

export function originationRoutes(applications: Applications, drawdowns: Drawdowns, now: () => string): FastifyPluginAsync {
  const offerView = (o: Offer) => ({
    id: o.id, applicationId: o.applicationId, customerId: o.customerId, productId: o.productId, productVersion: o.productVersion,
    currency: o.currency, limit: formatAmount(o.limitMinor, o.currency), priceTier: o.priceTier,
    pricing: productDocumentToJson(o.terms).pricing, example: o.example, aprPercent: o.example.aprPercent, totalCost: o.example.totalCost,
    status: o.expiresAt <= now() ? 'expired' as const : 'open' as const, expiresAt: o.expiresAt, createdAt: o.createdAt,
  });
  const applicationView = ({ application: a, offer }: Decided) => {
    const c = a.currency;
    return {
    id: a.id, customerId: a.customerId, productId: a.productId, productVersion: a.productVersion,
    requestedLimit: a.requestedLimitMinor === null ? null : formatAmount(a.requestedLimitMinor, c),
    monthlyIncome: a.monthlyIncomeMinor === null ? null : formatAmount(a.monthlyIncomeMinor, c),
    decision: { outcome: a.outcome, limit: formatAmount(a.limitMinor, c), priceTier: a.priceTier, reasons: [...a.reasons], decisionId: a.decisionId },
    offer: offer === null ? null : offerView(offer),
    createdAt: a.createdAt,
    };
  };
  /** A line with its usage read from its limit account, or as it opened when the request opened it. */
  const lineView = async (tenantId: string, l: CreditLine, opened = false) => {
    const usage = opened ? { ...openingUsage(l.limitMinor), limitMinor: l.limitMinor, status: 'active' as const } : await drawdowns.usage(tenantId, l);
    const c = l.currency;
    return {
      id: l.id, offerId: l.offerId, customerId: l.customerId, productId: l.productId, productVersion: l.productVersion, currency: c,
      limit: formatAmount(usage.limitMinor, c), available: formatAmount(usage.availableMinor, c), held: formatAmount(usage.heldMinor, c),
      outstandingPrincipal: formatAmount(usage.outstandingMinor, c), overLimit: formatAmount(usage.overLimitMinor, c), status: usage.status, priceTier: l.priceTier, terms: productDocumentToJson(l.terms), openedOn: l.openedOn, createdAt: l.createdAt,
    };
  };
  const drawdownView = (d: Drawdown) => ({
    id: d.id, lineId: d.lineId, loanId: d.loanId, kind: d.kind, holdId: d.holdId, merchantId: d.merchantId, purpose: d.purpose,
    currency: d.currency, principal: formatAmount(d.principalMinor, d.currency), term: d.term, disbursedOn: d.disbursedOn, aprPercent: d.aprPercent, schedule: d.schedule, createdAt: d.createdAt,
  });
  const holdView = (h: Hold) => ({
    id: h.id, lineId: h.lineId, currency: h.currency, amount: formatAmount(h.amountMinor, h.currency), term: h.term, merchantId: h.merchantId, reference: h.reference,
    status: h.status, captured: h.capturedMinor === null ? null : formatAmount(h.capturedMinor, h.currency), drawdownId: h.drawdownId, expiresAt: h.expiresAt, createdAt: h.createdAt,
  });

  /** A page of what hangs under a credit line (drawdowns, holds); an unknown line is `line_not_found`. */
  const pageUnderLine = async <T, V>(
    tenantId: string, lineId: string, query: { cursor?: string; limit?: number },
    list: (tenantId: string, lineId: string, page: PageRequest) => Promise<Page<T>>, view: (item: T) => V,
  ) => {
    if ((await applications.getLine(tenantId, lineId)) === null) throw ApiError.domain('line_not_found', 'no such credit line', 'lineId');
    const page = await list(tenantId, lineId, { cursor: checkCursor(query.cursor), limit: query.limit });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  };

  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    // Applications and offers
    app.post('/credit-line-applications', {
      schema: {
        tags: ['applications'], summary: 'Apply for a credit line: decided at once; an approval carries its offer (limit, price, all-in APR, total cost)',
        body: ApplicationBody,
        response: { 200: ApplicationView, 201: ApplicationView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await applications.apply(request.tenantId, { ...request.body, id: request.body.id ?? keyedId(request, 'app') });
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(applicationView(result.value.value));
    });

    app.post('/credit-line-applications/batch', {
      schema: {
        tags: ['applications'],
        summary: 'Many applications, decided in order (each sees the earlier ones in velocity and the identity graph) and recorded in one transaction; '
          + 'one result per item',
        body: Type.Object({ applications: Type.Array(ApplicationBody, { minItems: 1, maxItems: limits.applicationBatchMax }) }, { additionalProperties: false }),
        response: { 200: batchResults('application', ApplicationView), ...errorResponses },
      },
    }, async (request) => {
      const outcomes = await applications.applyMany(request.tenantId, request.body.applications.map((a, i) => ({ ...a, id: a.id ?? keyedId(request, 'app', i) })));
      return { results: outcomes.map((o) => batchResult('application', o, applicationView)) };
    });

    app.get('/credit-line-applications', {
      schema: { tags: ['applications'], summary: 'Applications by id, a page at a time', querystring: ListQuery, response: { 200: pageOf(ApplicationView), ...errorResponses } },
    }, async (request) => {
      const page = await applications.listApplications(request.tenantId, { cursor: checkCursor(request.query.cursor), limit: request.query.limit, customerId: request.query.customerId });
      return { items: page.items.map(applicationView), nextCursor: page.nextCursor };
    });

    app.get('/credit-line-applications/:id', {
      schema: { tags: ['applications'], summary: 'One application, its decision and offer', params: IdParams, response: { 200: ApplicationView, ...errorResponses } },
    }, async (request) => {
      const decided = await applications.getApplication(request.tenantId, request.params.id);
      if (decided === null) throw ApiError.domain('application_not_found', 'no such application', 'id');
      return applicationView(decided);
    });

    app.get('/offers/:id', {
      schema: { tags: ['offers'], summary: 'One offer', params: IdParams, response: { 200: OfferView, ...errorResponses } },
    }, async (request) => {
      const offer = await applications.getOffer(request.tenantId, request.params.id);
      if (offer === null) throw ApiError.domain('offer_not_found', 'no such offer', 'id');
      return offerView(offer);
    });

    app.post('/offers/:id/accept', {
      schema: {
        tags: ['offers'], summary: 'Accept an open offer: opens the credit line (its contract and limit)', params: IdParams,
        body: Type.Optional(Type.Object({ lineId: Type.Optional(LendingId) }, { additionalProperties: false })),
        response: { 200: LineView, 201: LineView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await applications.accept(request.tenantId, request.params.id, { lineId: request.body?.lineId ?? keyedId(request, 'line') });
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(await lineView(request.tenantId, result.value.value, result.value.created));
    });

    app.post('/offers/accept/batch', {
      schema: {
        tags: ['offers'], summary: 'Accept many open offers: their lines opened in one transaction; one result per item',
        body: Type.Object({
          acceptances: Type.Array(Type.Object({ offerId: LendingId, lineId: Type.Optional(LendingId) }, { additionalProperties: false }), { minItems: 1, maxItems: limits.acceptanceBatchMax }),
        }, { additionalProperties: false }),
        response: { 200: batchResults('line', LineView), ...errorResponses },
      },
    }, async (request) => {
      const outcomes = await applications.acceptMany(request.tenantId, request.body.acceptances.map((a, i) => ({ ...a, lineId: a.lineId ?? keyedId(request, 'line', i) })));
      const views = await Promise.all(outcomes.map(async (o) => (o.ok ? lineView(request.tenantId, o.value.value, o.value.created) : null)));
      return { results: outcomes.map((o, i) => batchResult('line', o, () => views[i] as Awaited<ReturnType<typeof lineView>>)) };
    });

    // Credit lines and drawdowns
    app.get('/credit-lines', {
      schema: { tags: ['credit lines'], summary: 'Credit lines by id, a page at a time', querystring: ListQuery, response: { 200: pageOf(LineView), ...errorResponses } },
    }, async (request) => {
      const page = await applications.listLines(request.tenantId, { cursor: checkCursor(request.query.cursor), limit: request.query.limit, customerId: request.query.customerId });
      return { items: await Promise.all(page.items.map((l) => lineView(request.tenantId, l))), nextCursor: page.nextCursor };
    });

    app.get('/credit-lines/:id', {
      schema: { tags: ['credit lines'], summary: 'A credit line: limit, available (limit − outstanding principal − holds), its contract', params: IdParams, response: { 200: LineView, ...errorResponses } },
    }, async (request) => {
      const line = await applications.getLine(request.tenantId, request.params.id);
      if (line === null) throw ApiError.domain('line_not_found', 'no such credit line', 'id');
      return lineView(request.tenantId, line);
    });

    app.post('/credit-lines/:id/drawdowns', {
      schema: {
        tags: ['credit lines'], summary: 'Draw cash: the loan opens in the same transaction as its limit posting', params: IdParams,
        body: Type.Object({ id: Type.Optional(LendingId), amount: Amount, term: Term, purpose: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: DrawdownView, 201: DrawdownView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await drawdowns.draw(request.tenantId, request.params.id, { ...request.body, id: request.body.id ?? keyedId(request, 'dd') });
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(drawdownView(result.value.value));
    });

    app.post('/drawdowns/batch', {
      schema: {
        tags: ['credit lines'],
        summary: 'Many cash drawdowns or purchases (with merchantId, captured at once) on any lines, in one transaction; one result per item, '
          + 'a refused item writes nothing and leaves the others alone',
        body: Type.Object({
          drawdowns: Type.Array(
            Type.Object({
              lineId: LendingId, id: Type.Optional(LendingId), amount: Amount, term: Term, purpose: Type.Optional(Type.String({ maxLength: 200 })),
              merchantId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            }, { additionalProperties: false }),
            { minItems: 1, maxItems: limits.drawdownBatchMax },
          ),
        }, { additionalProperties: false }),
        response: { 200: batchResults('drawdown', DrawdownView), ...errorResponses },
      },
    }, async (request) => {
      const outcomes = await drawdowns.drawMany(request.tenantId, request.body.drawdowns.map((d, i) => ({ ...d, id: d.id ?? keyedId(request, 'dd', i) })));
      return { results: outcomes.map((o) => batchResult('drawdown', o, drawdownView)) };
    });

    app.get('/credit-lines/:id/drawdowns', {
      schema: { tags: ['credit lines'], summary: 'A line\'s drawdowns and purchases by id, a page at a time', params: IdParams, querystring: PageQuery, response: { 200: pageOf(DrawdownView), ...errorResponses } },
    }, async (request) => pageUnderLine(request.tenantId, request.params.id, request.query, drawdowns.listDrawdowns, drawdownView));

    app.get('/drawdowns/:id', {
      schema: { tags: ['credit lines'], summary: 'One drawdown and its contract schedule', params: IdParams, response: { 200: DrawdownView, ...errorResponses } },
    }, async (request) => {
      const drawdown = await drawdowns.getDrawdown(request.tenantId, request.params.id);
      if (drawdown === null) throw ApiError.domain('drawdown_not_found', 'no such drawdown', 'id');
      return drawdownView(drawdown);
    });

    // Checkout holds
    app.post('/credit-lines/:id/holds', {
      schema: {
        tags: ['checkout holds'], summary: 'Authorize a purchase: a pending hold on the line\'s limit (released after 7 days unless captured)', params: IdParams,
        body: Type.Object({ id: Type.Optional(LendingId), amount: Amount, term: Term, merchantId: LendingId, reference: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 200: HoldView, 201: HoldView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await drawdowns.authorizeHold(request.tenantId, request.params.id, { ...request.body, id: request.body.id ?? keyedId(request, 'hold') });
      if (!result.ok) refused(result);
      return reply.code(createdStatus(result.value)).send(holdView(result.value.value));
    });

    app.get('/credit-lines/:id/holds', {
      schema: { tags: ['checkout holds'], summary: 'A line\'s holds by id, each with its status now, a page at a time', params: IdParams, querystring: PageQuery, response: { 200: pageOf(HoldView), ...errorResponses } },
    }, async (request) => pageUnderLine(request.tenantId, request.params.id, request.query, drawdowns.listHolds, holdView));

    app.post('/credit-lines/:id/status', {
      schema: {
        tags: ['credit lines'],
        summary: 'Freeze a line (a fraud or risk control: no drawdown, hold or capture), make it active again, or close it for good; the same status again changes nothing',
        params: IdParams,
        body: Type.Object({ status: Type.Enum(LINE_STATUSES), reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: LineView, ...errorResponses },
      },
    }, async (request) => {
      const changed = await drawdowns.changeStatus(request.tenantId, request.params.id, request.body);
      if (!changed.ok) refused(changed);
      return lineView(request.tenantId, (await applications.getLine(request.tenantId, request.params.id)) as CreditLine);
    });

    app.post('/credit-lines/:id/limit', {
      schema: {
        tags: ['credit lines'],
        summary: 'Raise or lower a line\'s limit: a lower limit takes back what is available, and what is drawn beyond it is over the limit, paid first by repayments; the same limit again changes nothing',
        params: IdParams,
        body: Type.Object({ limit: Amount, reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false }),
        response: { 200: LineView, ...errorResponses },
      },
    }, async (request) => {
      const changed = await drawdowns.changeLimit(request.tenantId, request.params.id, request.body);
      if (!changed.ok) refused(changed);
      return lineView(request.tenantId, (await applications.getLine(request.tenantId, request.params.id)) as CreditLine);
    });

    const changesRoute = <V>(log: 'status' | 'limit', value: TSchema, view: (value: bigint | LineStatus, line: CreditLine) => V): void => {
      app.get(`/credit-lines/:id/${log}-changes`, {
        schema: {
          tags: ['credit lines'], summary: `A line's ${log} changes with their reasons, oldest first, a page at a time (the cursor is the last seq shown)`, params: IdParams, querystring: PageQuery,
          response: { 200: pageOf(Type.Object({ seq: Type.Integer(), [log]: value, reason: Type.String(), changedAt: Type.String() })), ...errorResponses },
        },
      }, async (request) => {
        const line = await applications.getLine(request.tenantId, request.params.id);
        if (line === null) throw ApiError.domain('line_not_found', 'no such credit line', 'id');
        const page = await drawdowns.changes(request.tenantId, line.id, log, { afterSeq: seqCursor(request.query.cursor), limit: request.query.limit });
        return { items: page.items.map(({ seq, value, reason, changedAt }) => ({ seq, [log]: view(value, line), reason, changedAt })), nextCursor: page.nextCursor };
      });
    };
    changesRoute('status', Type.Enum(LINE_STATUSES), (status) => status);
    changesRoute('limit', Amount, (limitMinor, line) => formatAmount(limitMinor as bigint, line.currency));

    app.get('/holds/:id', {
      schema: { tags: ['checkout holds'], summary: 'One hold', params: IdParams, response: { 200: HoldView, ...errorResponses } },
    }, async (request) => {
      const hold = await drawdowns.getHold(request.tenantId, request.params.id);
      if (hold === null) throw ApiError.domain('hold_not_found', 'no such hold', 'id');
      return holdView(hold);
    });

    app.post('/holds/:id/capture', {
      schema: {
        tags: ['checkout holds'], summary: 'Capture a hold (all of it, or less) as a purchase loan', params: IdParams,
        body: Type.Optional(Type.Object({ amount: Type.Optional(Amount), drawdownId: Type.Optional(LendingId) }, { additionalProperties: false })),
        response: { 200: DrawdownView, 201: DrawdownView, ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await drawdowns.captureHold(request.tenantId, request.params.id, { ...request.body, drawdownId: request.body?.drawdownId ?? keyedId(request, 'dd') });
      if (!result.ok) refused(result);
      const drawdown = result.value.value;
      return reply.code(createdStatus(result.value)).send(drawdownView(drawdown));
    });

    app.post('/holds/:id/void', {
      schema: { tags: ['checkout holds'], summary: 'Void a hold: its limit is released', params: IdParams, response: { 200: HoldView, 201: HoldView, ...errorResponses } },
    }, async (request, reply) => {
      const result = await drawdowns.voidHold(request.tenantId, request.params.id);
      if (!result.ok) refused(result);
      const hold = result.value.value;
      return reply.code(200).send(holdView(hold));
    });
  };
}
