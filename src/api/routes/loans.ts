/**
 * `/v1/loans` and `/v1/eod`: a loan's statement (its schedule with paid and outstanding amounts,
 * days past due, bucket, payoff, credit balance), repayments, purchase refunds, recoveries after
 * write-off, penalty waivers, credit balance refunds and reversals of any of them — each with a
 * client event id, so a retry answers the first outcome, and a dry run that answers what the event
 * would do and writes nothing — the loan's events with what each took off it, payoff quotes for any
 * date, events and reversals in batches (a bank file, a bank's return file), and end of day for a
 * business date.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { EndOfDay } from '../../compose.ts';
import { parseLocalDate, type LocalDate } from '../../kernel/local-date.ts';
import { formatAmount, parseAmount, type Currency } from '../../kernel/money.ts';
import type { AppliedEvent, LoanBook, LoanEvent, LoanEventRequest, LoanEventType } from '../../lending/loans/loan-book.ts';
import type { LoanBatches, ReturnedEvent } from '../../lending/loans/loan-batches.ts';
import type { JournaledLoanEvent } from '../../lending/loans/loan-events.ts';
import type { LoanRow } from '../../lending/loans/loan-rows.ts';
import { BUCKETS, EVENT_TYPES, RECEIVABLE_ROLES, allocationJson, loanStatementJson, quoteOnState, stateOn, type LoanState } from '../../lending/servicing/index.ts';
import { ApiError, refused } from '../errors.ts';
import { Amount, Currency as CurrencySchema, DateString, Id, Nullable, PageQuery, errorResponses } from '../schemas.ts';
import { batchResult, batchResults, checkCursor, seqCursor } from './lending-common.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';

const LoanParams = Type.Object({ id: Id });
const EventBody = Type.Object({
  id: Id,
  amount: Amount,
  on: DateString,
}, { additionalProperties: false, description: 'id: the client\'s event id (idempotency); on: the business date' });
const ReversalBody = Type.Object({
  id: Id,
  on: DateString,
  seq: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'the event to reverse: its seq in the loan\'s events' })),
  eventId: Type.Optional(Type.String({ ...Id, description: 'or the event to reverse by its own client id (a bank return names the payment\'s)' })),
}, { additionalProperties: false, description: 'id: the client\'s id for the reversal (idempotency); on: the business date it is booked on; seq or eventId, one of them' });

const Amounts = {
  principal: Amount, interest: Amount, fee: Amount, penalty: Amount, total: Amount, paid: Amount, outstanding: Amount,
};
const LoanView = Type.Object({
  id: Id,
  lineId: Type.Union([Id, Type.Null()]),
  customerId: Id,
  productId: Id,
  productVersion: Type.Integer(),
  currency: Type.String(),
  principal: Amount,
  disbursedOn: DateString,
  openOn: DateString,
  asOf: DateString,
  status: Type.Union([Type.Literal('active'), Type.Literal('closed'), Type.Literal('writtenOff')]),
  daysPastDue: Type.Integer(),
  bucket: Type.String({ description: 'M0 current, M1 1–30 days past due, … M7 180+' }),
  nonAccrual: Type.Boolean(),
  creditBalance: Type.String({ ...Amount, description: 'what the lender owes the borrower on this loan: paid beyond the payoff, or refunded beyond the principal owed; paid back by a credit balance refund' }),
  receivable: Type.Object({ principal: Amount, interest: Amount, fee: Amount, penalty: Amount }, { description: 'what the ledger holds for this loan' }),
  installments: Type.Array(Type.Object({
    n: Type.Integer(), dueOn: DateString, ...Amounts,
    status: Type.Union([Type.Literal('paid'), Type.Literal('partiallyPaid'), Type.Literal('due'), Type.Literal('overdue'), Type.Literal('future')]),
  })),
  totals: Type.Object(Amounts),
  payoff: Type.Object({ on: DateString, amount: Amount }),
  writtenOff: Nullable(Type.Object({
    principal: Amount, interest: Amount, fee: Amount, penalty: Amount, total: Amount, recovered: Amount,
    toRecover: Amount,
  }, { description: 'what write-off took off the books, what recoveries brought back since, and what is still owed: a written-off loan is off the books, not forgiven' })),
});

const EventView = Type.Object({
  seq: Type.Integer({ description: 'the event\'s place in the loan\'s journal, from 1' }),
  id: Id,
  type: Type.Enum([...EVENT_TYPES, 'reversal']),
  on: DateString,
  amount: Amount,
  reverses: Nullable(Type.Integer({ description: 'a reversal\'s: the seq of the event it reverses (its amount is that event\'s)' })),
  reversedBy: Nullable(Type.Integer({ description: 'the seq of the reversal of this event, if it was reversed: the loan now stands as if it had never happened' })),
  recordedAt: Type.String(),
  allocation: Type.Union([
    Type.Object({ principal: Amount, interest: Amount, fee: Amount, penalty: Amount, creditBalance: Amount }),
    Type.Null(),
  ], { description: 'what the event took off the loan\'s books: a repayment\'s parts sum to its amount, what it paid beyond the payoff going to the credit balance; a refund takes its amount of principal and the interest and fees already recognised or paid that go with it (charges not yet recognised leave the schedule only); a waiver, the recognised part of the penalties it forgave; a credit balance refund, its amount of credit balance. Null for a recovery and a reversal, and for events booked before allocations were kept' }),
});

/** A loan after one of its events (or a replay of it), with the event as journaled; or, on a dry run, as they would be. */
const LoanAfterEvent = Type.Object({
  ...LoanView.properties,
  event: EventView,
  dryRun: Type.Boolean({ description: 'true when nothing was written: the loan and the event as they would be' }),
});
const EventQuery = Type.Object({
  dryRun: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: answer what the event would do, and write nothing' })),
});

function eventView(e: JournaledLoanEvent, c: Currency) {
  const a = e.allocation;
  return {
    seq: e.seq,
    id: e.clientId,
    type: e.type,
    on: e.on,
    amount: formatAmount(e.amountMinor, c),
    recordedAt: e.recordedAt,
    reverses: e.reverses,
    reversedBy: e.reversedBy,
    allocation: a === null ? null : allocationJson(a, c),
  };
}

/** A batch's answer to an event: the loan's id and status after it, and the event as journaled. */
const AppliedView = Type.Object({ loanId: Id, loanStatus: LoanView.properties.status, event: EventView });

function appliedView({ loan, event }: AppliedEvent) {
  return { loanId: loan.id, loanStatus: loan.state.status, event: eventView(event, loan.currency as Currency) };
}

/**
 * A batch's results in the order of its items: an item refused as parsed keeps its refusal, the
 * others are sent on together and answered by their outcomes, in order.
 */
async function appliedResults<T>(parsed: readonly Result<T, string>[], send: (items: T[]) => Promise<Result<AppliedEvent, string>[]>) {
  const outcomes = await send(parsed.flatMap((p) => (p.ok ? [p.value] : [])));
  let next = 0;
  return {
    results: parsed.map((p) => {
      const outcome = p.ok ? (outcomes[next++] as Result<AppliedEvent, string>) : p;
      return batchResult('applied', outcome.ok ? ok({ value: outcome.value, created: false }) : outcome, appliedView);
    }),
  };
}

/** The answer to an event: the loan after it, and the event as journaled (or as they would be, on a dry run). */
function afterEvent({ loan, event }: AppliedEvent, dryRun: boolean) {
  return { ...loanView(loan, loan.state.openOn), event: eventView(event, loan.currency as Currency), dryRun };
}

/** An event's fields in a loan's currency, or what is wrong with them. */
function parseEvent(c: Currency, body: { id: string; amount: string; on: string }): Result<LoanEventRequest, string> {
  const amount = parseAmount(body.amount, c, { allowZero: false });
  if (!amount.ok) return err(amount.code === 'amount_out_of_range' ? 'amount_out_of_range' : 'invalid_amount', amount.message, 'amount');
  const on = parseLocalDate(body.on);
  if (!on.ok) return err('invalid_date', 'not a calendar date', 'on');
  return ok({ clientId: body.id, on: on.value, amountMinor: amount.value });
}

function parseDate(text: string, param: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (!parsed.ok) throw ApiError.of('invalid_date', param);
  return parsed.value;
}

/**
 * A loan's statement on `asOf`: the loan as it will stand then if nothing happens before (aged,
 * charged, written off as end of day would), with the payoff on that date, beside what the ledger
 * holds for it now. A date before the loan's open date is refused: past states are not kept.
 */
function loanView(loan: LoanRow, asOf: LocalDate) {
  const c = loan.currency as Currency;
  const projected = stateOn(loan.state, loan.terms, asOf);
  if (!projected.ok) refused({ ...projected, param: 'asOf' });
  const statement = loanStatementJson(projected.value, loan.terms, asOf, quoteOnState(projected.value, loan.terms, asOf));
  const r = loan.state.receivable;
  return {
    id: loan.id,
    lineId: loan.lineId,
    customerId: loan.customerId,
    productId: loan.productId,
    productVersion: loan.productVersion,
    principal: formatAmount(loan.principalMinor, c),
    disbursedOn: loan.disbursedOn,
    openOn: loan.state.openOn,
    receivable: { principal: formatAmount(r.principalMinor, c), interest: formatAmount(r.interestMinor, c), fee: formatAmount(r.feeMinor, c), penalty: formatAmount(r.penaltyMinor, c) },
    ...statement,
    installments: [...statement.installments],
    writtenOff: writtenOffView(projected.value, c),
  };
}

function writtenOffView(state: LoanState, c: Currency) {
  const w = state.writtenOff;
  if (w === null) return null;
  const total = w.principalMinor + w.interestMinor + w.feeMinor + w.penaltyMinor;
  return {
    principal: formatAmount(w.principalMinor, c), interest: formatAmount(w.interestMinor, c), fee: formatAmount(w.feeMinor, c), penalty: formatAmount(w.penaltyMinor, c),
    total: formatAmount(total, c), recovered: formatAmount(state.recoveredMinor, c), toRecover: formatAmount(total - state.recoveredMinor, c),
  };
}

/** A closed date's reconciliation (lending/eod/reconcile.ts, `reconciliationToJson`). */
const EodReport = Type.Object({
  tied: Type.Boolean(),
  trialBalances: Type.Array(Type.Object({ ledger: CurrencySchema, debitsPosted: Amount, creditsPosted: Amount, balanced: Type.Boolean() })),
  receivables: Type.Array(Type.Object({
    productId: Id, currency: CurrencySchema, role: Type.Enum(RECEIVABLE_ROLES), subLedger: Amount, ledger: Amount,
  })),
  creditBalances: Type.Optional(Type.Array(Type.Object({ productId: Id, currency: CurrencySchema, subLedger: Amount, ledger: Amount }), {
    description: 'per product, the loans\' credit balances against what its customer wallet account holds (absent from reports of dates closed before they were tied)',
  })),
  breaks: Type.Array(Type.String()),
});

const EodRunView = Type.Object({
  businessDate: DateString, status: Type.Union([Type.Literal('running'), Type.Literal('closed')]), chunks: Type.Integer(), chunksDone: Type.Integer(),
  loans: Type.Integer(), startedAt: Type.String(), closedAt: Nullable(Type.String()), report: Nullable(EodReport),
});

export function loanRoutes(loans: LoanBook, loanBatches: LoanBatches, endOfDay: EndOfDay): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

    /** A statement defaults to the tenant's open business date (a sleeping loan's own date may be older). */
    const asOfGiven = (open: LocalDate | null, loan: LoanRow): LocalDate => (open !== null && open > loan.state.openOn ? open : loan.state.openOn);
    const defaultAsOf = async (tenantId: string, loan: LoanRow): Promise<LocalDate> => asOfGiven(await loans.openBusinessDate(tenantId), loan);

    app.get('/loans', {
      schema: {
        tags: ['loans'], summary: 'Loans in id order, by customer, line, status or delinquency (as of each loan\'s last closed business date), a page at a time',
        querystring: Type.Object({
          ...PageQuery.properties, customerId: Type.Optional(Id), lineId: Type.Optional(Id), status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('closed'), Type.Literal('writtenOff')])),
          bucket: Type.Optional(Type.Enum(BUCKETS)), minDaysPastDue: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
          withCreditBalance: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true: only loans that owe their borrower a credit balance (to pay back); false: only those that do not' })),
        }),
        response: { 200: Type.Object({ items: Type.Array(LoanView), nextCursor: Type.Union([Id, Type.Null()]) }), ...errorResponses },
      },
    }, async (request) => {
      const { customerId, lineId, status, bucket, minDaysPastDue, withCreditBalance, cursor, limit } = request.query;
      const filter = { customerId, lineId, status, bucket, minDaysPastDue, withCreditBalance: withCreditBalance === undefined ? undefined : withCreditBalance === 'true' };
      const page = await loans.list(request.tenantId, filter, { cursor: checkCursor(cursor), limit });
      const open = await loans.openBusinessDate(request.tenantId);
      const items = page.items.map((loan) => loanView(loan, asOfGiven(open, loan)));
      return { items, nextCursor: page.nextCursor };
    });

    app.get('/loans/:id', {
      schema: { tags: ['loans'], summary: 'A loan\'s statement: schedule, paid, outstanding, days past due, bucket, payoff; on a later asOf, as end of day would leave it if nothing happened before', params: LoanParams, querystring: Type.Object({ asOf: Type.Optional(DateString) }), response: { 200: LoanView, ...errorResponses } },
    }, async (request) => {
      const loan = await loans.get(request.tenantId, request.params.id);
      if (!loan) throw ApiError.domain('loan_not_found', 'no such loan', 'id');
      const asOf = request.query.asOf === undefined ? await defaultAsOf(request.tenantId, loan) : parseDate(request.query.asOf, 'asOf');
      return loanView(loan, asOf);
    });

    app.get('/loans/:id/payoff', {
      schema: { tags: ['loans'], summary: 'What closes the loan on a date', params: LoanParams, querystring: Type.Object({ on: DateString }), response: { 200: Type.Object({ loanId: Id, on: DateString, amount: Amount }), ...errorResponses } },
    }, async (request) => {
      const on = parseDate(request.query.on, 'on');
      const quote = await loans.payoffQuote(request.tenantId, request.params.id, on);
      if (!quote.ok) refused(quote.code === 'loan_not_found' ? { ...quote, param: 'id' } : quote);
      const loan = await loans.get(request.tenantId, request.params.id);
      return { loanId: request.params.id, on, amount: formatAmount(quote.value, (loan as LoanRow).currency as Currency) };
    });

    app.get('/loans/:id/events', {
      schema: {
        tags: ['loans'], summary: 'A loan\'s repayments, refunds, recoveries, waivers, credit balance refunds and reversals in the order they were booked, each with what it took off the loan',
        params: LoanParams, querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(EventView), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
      },
    }, async (request) => {
      const afterSeq = seqCursor(request.query.cursor);
      const loan = await loans.get(request.tenantId, request.params.id);
      if (!loan) throw ApiError.domain('loan_not_found', 'no such loan', 'id');
      const page = await loans.events(request.tenantId, loan.id, { afterSeq, limit: request.query.limit });
      return { items: page.items.map((e) => eventView(e, loan.currency as Currency)), nextCursor: page.nextCursor };
    });

    const eventRoute = (path: string, type: LoanEventType, summary: string): void => {
      app.post(path, {
        schema: { tags: ['loans'], summary, params: LoanParams, querystring: EventQuery, body: EventBody, response: { 200: LoanAfterEvent, ...errorResponses } },
      }, async (request) => {
        const existing = await loans.get(request.tenantId, request.params.id);
        if (!existing) throw ApiError.domain('loan_not_found', 'no such loan', 'id');
        const event = parseEvent(existing.currency as Currency, request.body);
        if (!event.ok) refused(event);
        const dryRun = request.query.dryRun === 'true';
        const applied = await loans.apply(request.tenantId, request.params.id, type, event.value, dryRun);
        if (!applied.ok) refused(applied);
        return afterEvent(applied.value, dryRun);
      });
    };
    eventRoute('/loans/:id/repayments', 'repayment', 'Repay: allocated by the product\'s order, oldest installment first; excess prepays, and what is paid beyond the payoff is the loan\'s credit balance');
    eventRoute('/loans/:id/refunds', 'refund', 'Refund part of the purchase: principal and its interest and fees (beyond what is owed, or after payoff, to the credit balance)');
    eventRoute('/loans/:id/recoveries', 'recovery', 'Money recovered after write-off');
    eventRoute('/loans/:id/waivers', 'waiver', 'Waive unpaid penalties, oldest installment first (a concession; never more than is owed)');
    eventRoute('/loans/:id/credit-balance-refunds', 'creditBalanceRefund', 'Pay back to the borrower what the lender owes on the loan (never more than its credit balance)');

    app.post('/loans/:id/reversals', {
      schema: {
        tags: ['loans'],
        summary: 'Reverse a booked event (a bounced repayment, a recovery charged back, a refund or waiver booked in error): the loan is serviced again as if it had never happened, and the ledger corrected by the difference. A credit balance refund it leaves without the balance that paid for it lends the rest: principal owed again',
        params: LoanParams, querystring: EventQuery, body: ReversalBody, response: { 200: LoanAfterEvent, ...errorResponses },
      },
    }, async (request) => {
      const { seq, eventId } = request.body;
      if ((seq === undefined) === (eventId === undefined)) throw ApiError.domain('conflicting_fields', 'name the event to reverse by seq or by eventId, one of them', 'seq');
      const reversal = { clientId: request.body.id, on: parseDate(request.body.on, 'on'), reverses: seq === undefined ? { eventId: eventId as string } : { seq } };
      const dryRun = request.query.dryRun === 'true';
      const reversed = await loans.reverse(request.tenantId, request.params.id, reversal, dryRun);
      if (!reversed.ok) refused(reversed.code === 'loan_not_found' ? { ...reversed, param: 'id' } : reversed);
      return afterEvent(reversed.value, dryRun);
    });

    app.post('/loan-events/batch', {
      schema: {
        tags: ['loans'],
        summary: 'Many repayments, refunds, recoveries, waivers or credit balance refunds on any loans (a bank file, an auto-debit run, a payout run) in one transaction; one result per item, '
          + 'a refused item writes nothing and leaves the others alone; events on one loan apply in the order given',
        body: Type.Object({
          events: Type.Array(Type.Object({ loanId: Id, type: Type.Enum(EVENT_TYPES), ...EventBody.properties }, { additionalProperties: false }), { minItems: 1, maxItems: limits.loanEventBatchMax }),
        }, { additionalProperties: false }),
        response: { 200: batchResults('applied', AppliedView), ...errorResponses },
      },
    }, async (request) => {
      const items = request.body.events;
      const found = new Map((await loans.getMany(request.tenantId, items.map((e) => e.loanId))).map((l) => [l.id, l]));
      const parsed = items.map((item): Result<LoanEvent, string> => {
        const loan = found.get(item.loanId);
        if (!loan) return err('loan_not_found', `no loan ${item.loanId}`, 'loanId');
        const event = parseEvent(loan.currency as Currency, item);
        return event.ok ? ok({ ...event.value, loanId: loan.id, type: item.type }) : event;
      });
      return appliedResults(parsed, (events) => loanBatches.applyEvents(request.tenantId, events));
    });

    app.post('/loan-reversals/batch', {
      schema: {
        tags: ['loans'],
        summary: 'Reverse many booked events, each named by its own client id alone, on whatever loans they were booked on (a bank\'s return file names '
          + 'the payments it returns), in one transaction; one result per item, as a reversal sent alone answers it, a refused item writing nothing',
        body: Type.Object({
          reversals: Type.Array(Type.Object({
            id: Id, on: DateString, eventId: Type.String({ ...Id, description: 'the client id of the event to reverse' }),
          }, { additionalProperties: false }), { minItems: 1, maxItems: limits.loanEventBatchMax }),
        }, { additionalProperties: false }),
        response: { 200: batchResults('applied', AppliedView), ...errorResponses },
      },
    }, async (request) => {
      const parsed = request.body.reversals.map((item): Result<ReturnedEvent, string> => {
        const on = parseLocalDate(item.on);
        return on.ok ? ok({ clientId: item.id, on: on.value, eventId: item.eventId }) : err('invalid_date', 'not a calendar date', 'on');
      });
      return appliedResults(parsed, (reversals) => loanBatches.reverseMany(request.tenantId, reversals));
    });

    app.get('/eod/runs', {
      schema: {
        tags: ['end of day'], summary: 'End-of-day runs, the latest business date first, a page at a time (the cursor is the last date shown)',
        querystring: PageQuery, response: { 200: Type.Object({ items: Type.Array(EodRunView), nextCursor: Nullable(DateString) }), ...errorResponses },
      },
    }, async (request) => {
      const cursor = request.query.cursor === undefined ? undefined : parseLocalDate(request.query.cursor);
      if (cursor !== undefined && !cursor.ok) throw ApiError.of('invalid_cursor', 'cursor');
      return endOfDay.list(request.tenantId, { cursor: cursor?.value, limit: request.query.limit });
    });

    app.get('/eod/runs/:businessDate', {
      schema: {
        tags: ['end of day'], summary: 'A business date\'s end-of-day run: progress, and the reconciliation once closed',
        params: Type.Object({ businessDate: DateString }),
        response: { 200: EodRunView, ...errorResponses },
      },
    }, async (request) => {
      const run = await endOfDay.get(request.tenantId, parseDate(request.params.businessDate, 'businessDate'));
      if (!run) throw ApiError.domain('eod_run_not_found', 'no end-of-day run for that date', 'businessDate');
      return run;
    });

    app.post('/eod/runs', {
      schema: {
        tags: ['end of day'], summary: 'Close a business date: accrue, age, charge, write off, reconcile',
        body: Type.Object({ businessDate: DateString }, { additionalProperties: false }),
        response: { 200: Type.Object({ businessDate: DateString, loans: Type.Integer(), chunks: Type.Integer(), reconciled: Type.Boolean() }), ...errorResponses },
      },
    }, async (request) => {
      const result = await endOfDay.run({ tenantId: request.tenantId, businessDate: parseDate(request.body.businessDate, 'businessDate') });
      if (!result.ok) refused(result);
      return { businessDate: result.value.businessDate, loans: result.value.loansClosed, chunks: result.value.chunks, reconciled: result.value.reconciliation.tied };
    });
  };
}
