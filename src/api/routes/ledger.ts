/**
 * `/v1/ledger`: accounts, transfers (one or a batch), balances now or as of a date, an account's
 * transfers and balance history page by page, and the trial balance. Amounts cross this edge as
 * decimal strings in the major units of the transfer's ledger (its currency); every string is parsed
 * before anything is submitted, so one malformed amount refuses the whole request and writes nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { parseLocalDate, type LocalDate } from '../../kernel/local-date.ts';
import { formatAmount, parseAmount, parseCurrency, type Currency } from '../../kernel/money.ts';
import type { Ledger } from '../../ledger/ledger.ts';
import { ACCOUNT_RESULTS, TRANSFER_RESULTS, type TransferResult } from '../../ledger/result-codes.ts';
import type { Account, Balance, Transfer, TransferInput } from '../../ledger/types.ts';
import { ApiError } from '../errors.ts';
import { Amount, Currency as CurrencySchema, Cursor, DateString, Id, PageQuery, errorResponses } from '../schemas.ts';

const AccountFlags = Type.Object({
  debitsMustNotExceedCredits: Type.Optional(Type.Boolean()),
  creditsMustNotExceedDebits: Type.Optional(Type.Boolean()),
  history: Type.Optional(Type.Boolean()),
  closed: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const TransferFlags = Type.Object({
  linked: Type.Optional(Type.Boolean()),
  pending: Type.Optional(Type.Boolean()),
  postPending: Type.Optional(Type.Boolean()),
  voidPending: Type.Optional(Type.Boolean()),
  balancingDebit: Type.Optional(Type.Boolean()),
  balancingCredit: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

const AccountBody = Type.Object({
  id: Id,
  ledger: CurrencySchema,
  code: Type.Integer({ minimum: 1, maximum: 65535, description: 'account type in the chart of accounts' }),
  flags: Type.Optional(AccountFlags),
  reference: Type.Optional(Type.String({ maxLength: 255 })),
}, { additionalProperties: false });

const TransferBody = Type.Object({
  id: Id,
  debitAccountId: Type.Optional(Id),
  creditAccountId: Type.Optional(Id),
  amount: Type.Optional(Amount),
  ledger: Type.Optional(CurrencySchema),
  code: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  flags: Type.Optional(TransferFlags),
  pendingId: Type.Optional(Id),
  timeoutSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  reference: Type.Optional(Type.String({ maxLength: 255 })),
  effectiveOn: Type.Optional(DateString),
}, { additionalProperties: false });

const BalanceFields = {
  debitsPending: Amount,
  debitsPosted: Amount,
  creditsPending: Amount,
  creditsPosted: Amount,
};

const AccountView = Type.Object({
  id: Id, ledger: CurrencySchema, code: Type.Integer(), flags: AccountFlags, ...BalanceFields,
  reference: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(),
});

const TransferView = Type.Object({
  id: Id, debitAccountId: Id, creditAccountId: Id, amount: Amount, ledger: CurrencySchema, code: Type.Integer(),
  flags: TransferFlags, pendingId: Type.Union([Id, Type.Null()]), timeoutSeconds: Type.Integer(),
  reference: Type.Union([Type.String(), Type.Null()]), effectiveOn: DateString, recordedAt: Type.String(),
});

const HistoryView = Type.Object({
  event: Type.Union([Type.Literal('transfer'), Type.Literal('expiry')], {
    description: 'transfer: the balances after the transfer transferId; expiry: after the pending transfer transferId expired and its amount was released',
  }),
  transferId: Id,
  ...BalanceFields,
});

const ResultList = Type.Object({ results: Type.Array(Type.Object({ id: Type.String(), result: Type.String() })) });
const MAX_ITEMS = 8189;

function accountView(a: Account) {
  const c = a.ledger as Currency;
  return { id: a.id, ledger: a.ledger, code: a.code, flags: a.flags, ...balanceView(a, c), reference: a.reference, createdAt: a.createdAt };
}

function balanceView(b: Balance, c: Currency) {
  return {
    debitsPending: formatAmount(b.debitsPending, c),
    debitsPosted: formatAmount(b.debitsPosted, c),
    creditsPending: formatAmount(b.creditsPending, c),
    creditsPosted: formatAmount(b.creditsPosted, c),
  };
}

function transferView(t: Transfer) {
  return { ...t, amount: formatAmount(t.amount, t.ledger as Currency) };
}

function toTransferInput(body: Static<typeof TransferBody>, param: string): TransferInput {
  let amount: bigint | undefined;
  if (body.amount !== undefined) {
    if (body.ledger === undefined) throw ApiError.of('validation_failed', `${param}.ledger`, 'ledger is required with an amount');
    const c = parseCurrency(body.ledger);
    if (!c.ok) throw ApiError.rule('ledger_invalid', TRANSFER_RESULTS.ledger_invalid, `${param}.ledger`);
    const parsed = parseAmount(body.amount, c.value, { allowZero: true });
    if (!parsed.ok) throw new ApiError('invalid_request', parsed.code === 'amount_out_of_range' ? 'amount_out_of_range' : 'invalid_amount', parsed.message ?? 'invalid amount', `${param}.amount`);
    amount = parsed.value;
  }
  if (body.effectiveOn !== undefined && !parseLocalDate(body.effectiveOn).ok) throw ApiError.of('invalid_date', `${param}.effectiveOn`);
  return { ...body, amount, effectiveOn: body.effectiveOn as LocalDate | undefined };
}

function parseAsOf(asOf: string | undefined): LocalDate | undefined {
  if (asOf === undefined) return undefined;
  const parsed = parseLocalDate(asOf);
  if (!parsed.ok) throw ApiError.of('invalid_date', 'asOf');
  return parsed.value;
}

function checkCursor(cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !/^\d{1,19}$/.test(cursor)) throw ApiError.of('invalid_cursor', 'cursor');
  return cursor;
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; code: 'batch_too_large' | 'batch_empty' | 'ledger_busy' }): T {
  if (!result.ok) throw ApiError.of(result.code);
  return result.value;
}

export function ledgerRoutes(ledger: Ledger): FastifyPluginAsync {
  return async (plugin) => {
    const app = plugin.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['ledger'];

    app.post('/accounts', {
      schema: { tags, summary: 'Create an account (idempotent by id)', body: AccountBody, response: { 200: AccountView, 201: AccountView, ...errorResponses } },
    }, async (request, reply) => {
      const [result] = unwrap(await ledger.createAccounts(request.tenantId, [request.body]));
      if (result !== 'ok' && result !== 'exists') throw ApiError.rule(result as string, ACCOUNT_RESULTS[result as keyof typeof ACCOUNT_RESULTS]);
      const [account] = await ledger.lookupAccounts(request.tenantId, [request.body.id]);
      return reply.code(result === 'ok' ? 201 : 200).send(accountView(account as Account));
    });

    app.post('/accounts/batch', {
      schema: { tags, summary: 'Create accounts; one result per account', body: Type.Object({ accounts: Type.Array(AccountBody, { minItems: 1, maxItems: MAX_ITEMS }) }), response: { 200: ResultList, ...errorResponses } },
    }, async (request) => {
      const results = unwrap(await ledger.createAccounts(request.tenantId, request.body.accounts));
      return { results: request.body.accounts.map((a, i) => ({ id: a.id, result: results[i] as string })) };
    });

    app.get('/accounts/:id', {
      schema: { tags, summary: 'An account and its current balances', params: Type.Object({ id: Id }), response: { 200: AccountView, ...errorResponses } },
    }, async (request) => {
      const [account] = await ledger.lookupAccounts(request.tenantId, [request.params.id]);
      if (!account) throw ApiError.of('not_found', 'id');
      return accountView(account);
    });

    app.get('/accounts/:id/balances', {
      schema: {
        tags, summary: 'Balances now, or at the end of an effective date', params: Type.Object({ id: Id }), querystring: Type.Object({ asOf: Type.Optional(DateString) }),
        response: { 200: Type.Object({ accountId: Id, ledger: CurrencySchema, asOf: Type.Union([DateString, Type.Null()]), ...BalanceFields }), ...errorResponses },
      },
    }, async (request) => {
      const asOf = parseAsOf(request.query.asOf);
      const [account] = await ledger.lookupAccounts(request.tenantId, [request.params.id]);
      if (!account) throw ApiError.of('not_found', 'id');
      const balance = (await ledger.balance(request.tenantId, account.id, asOf)) as Balance;
      return { accountId: account.id, ledger: account.ledger, asOf: asOf ?? null, ...balanceView(balance, account.ledger as Currency) };
    });

    app.get('/accounts/:id/transfers', {
      schema: {
        tags, summary: 'The account\'s transfers in recorded order, a page at a time', params: Type.Object({ id: Id }), querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(TransferView), nextCursor: Type.Union([Cursor, Type.Null()]) }), ...errorResponses },
      },
    }, async (request) => {
      const page = await ledger.accountTransfers(request.tenantId, request.params.id, { cursor: checkCursor(request.query.cursor), limit: request.query.limit });
      return { items: page.items.map(transferView), nextCursor: page.nextCursor };
    });

    app.get('/accounts/:id/history', {
      schema: {
        tags, summary: 'Balances after each transfer and each expiry of a pending transfer (accounts flagged history)', params: Type.Object({ id: Id }), querystring: PageQuery,
        response: { 200: Type.Object({ items: Type.Array(HistoryView), nextCursor: Type.Union([Cursor, Type.Null()]) }), ...errorResponses },
      },
    }, async (request) => {
      const [account] = await ledger.lookupAccounts(request.tenantId, [request.params.id]);
      if (!account) throw ApiError.of('not_found', 'id');
      const page = await ledger.accountHistory(request.tenantId, account.id, { cursor: checkCursor(request.query.cursor), limit: request.query.limit });
      return { items: page.items.map((h) => ({ event: h.event, transferId: h.transferId, ...balanceView(h, account.ledger as Currency) })), nextCursor: page.nextCursor };
    });

    app.post('/transfers', {
      schema: { tags, summary: 'Create one transfer (idempotent by id)', body: TransferBody, response: { 200: TransferView, 201: TransferView, ...errorResponses } },
    }, async (request, reply) => {
      const [result] = unwrap(await ledger.createTransfers(request.tenantId, [toTransferInput(request.body, 'body')])) as [TransferResult];
      if (result !== 'ok' && result !== 'exists') throw ApiError.rule(result, TRANSFER_RESULTS[result]);
      const [transfer] = await ledger.lookupTransfers(request.tenantId, [request.body.id]);
      return reply.code(result === 'ok' ? 201 : 200).send(transferView(transfer as Transfer));
    });

    app.post('/transfers/batch', {
      schema: {
        tags, summary: 'Create transfers; one result per transfer, linked chains all-or-nothing',
        body: Type.Object({ transfers: Type.Array(TransferBody, { minItems: 1, maxItems: MAX_ITEMS }) }), response: { 200: ResultList, ...errorResponses },
      },
    }, async (request) => {
      const inputs = request.body.transfers.map((t, i) => toTransferInput(t, `transfers.${i}`));
      const results = unwrap(await ledger.createTransfers(request.tenantId, inputs));
      return { results: inputs.map((t, i) => ({ id: t.id, result: results[i] as string })) };
    });

    app.get('/transfers/:id', {
      schema: { tags, summary: 'One transfer', params: Type.Object({ id: Id }), response: { 200: TransferView, ...errorResponses } },
    }, async (request) => {
      const [transfer] = await ledger.lookupTransfers(request.tenantId, [request.params.id]);
      if (!transfer) throw ApiError.of('not_found', 'id');
      return transferView(transfer);
    });

    app.get('/trial-balance', {
      schema: {
        tags, summary: 'Posted debits and credits by account code; balanced when they are equal',
        querystring: Type.Object({ ledger: CurrencySchema, asOf: Type.Optional(DateString) }),
        response: {
          200: Type.Object({
            ledger: CurrencySchema, asOf: Type.Union([DateString, Type.Null()]), balanced: Type.Boolean(), debitsPosted: Amount, creditsPosted: Amount,
            lines: Type.Array(Type.Object({ code: Type.Integer(), accounts: Type.Integer(), debitsPosted: Amount, creditsPosted: Amount })),
          }),
          ...errorResponses,
        },
      },
    }, async (request) => {
      const c = parseCurrency(request.query.ledger);
      if (!c.ok) throw ApiError.rule('ledger_invalid', TRANSFER_RESULTS.ledger_invalid, 'ledger');
      const tb = await ledger.trialBalance(request.tenantId, c.value, parseAsOf(request.query.asOf));
      return {
        ledger: tb.ledger, asOf: tb.asOf, balanced: tb.balanced,
        debitsPosted: formatAmount(tb.debitsPosted, c.value), creditsPosted: formatAmount(tb.creditsPosted, c.value),
        lines: tb.lines.map((l) => ({ code: l.code, accounts: l.accounts, debitsPosted: formatAmount(l.debitsPosted, c.value), creditsPosted: formatAmount(l.creditsPosted, c.value) })),
      };
    });
  };
}
