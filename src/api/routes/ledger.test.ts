import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { manualClock, type Instant, type ManualClock } from '../../kernel/instant.ts';
import { createLedger, type Ledger } from '../../ledger/ledger.ts';
import { buildApp } from '../app.ts';

let db: Database;
let app: FastifyInstance;
let clock: ManualClock;
let ledger: Ledger;

beforeAll(async () => {
  db = await openTestDatabase();
  clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
  ledger = createLedger({ db, clock });
  app = await buildApp({ db, clock, ledger });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string) => app.inject({ method: 'GET', url });

describe('HTTP /v1/ledger', () => {
  it('creates accounts and transfers, with amounts as decimal strings', async () => {
    expect((await post('/v1/ledger/accounts', { id: 'cash', ledger: 'CNY', code: 1 })).statusCode).toBe(201);
    expect((await post('/v1/ledger/accounts', { id: 'cash', ledger: 'CNY', code: 1 })).statusCode).toBe(200);
    const wallet = await post('/v1/ledger/accounts', { id: 'wallet', ledger: 'CNY', code: 2, flags: { debitsMustNotExceedCredits: true } });
    expect(wallet.json()).toMatchObject({ id: 'wallet', debitsPosted: '0.00', flags: { debitsMustNotExceedCredits: true } });

    const t = await post('/v1/ledger/transfers', { id: 'topup-1', debitAccountId: 'cash', creditAccountId: 'wallet', amount: '305.50', ledger: 'CNY', code: 7, effectiveOn: '2026-03-01' });
    expect(t.statusCode).toBe(201);
    expect(t.json()).toMatchObject({ id: 'topup-1', amount: '305.50', effectiveOn: '2026-03-01' });
    expect((await get('/v1/ledger/accounts/wallet')).json()).toMatchObject({ creditsPosted: '305.50' });
    expect((await get('/v1/ledger/accounts/wallet/balances?asOf=2026-02-28')).json()).toMatchObject({ creditsPosted: '0.00', asOf: '2026-02-28' });
  });

  it('refuses with a stable code and writes nothing', async () => {
    const over = await post('/v1/ledger/transfers', { id: 'spend-1', debitAccountId: 'wallet', creditAccountId: 'cash', amount: '1000.00', ledger: 'CNY', code: 8 });
    expect(over.statusCode).toBe(422);
    expect(over.json()).toEqual({ error: { type: 'business_rule', code: 'exceeds_credits', message: expect.any(String) } });

    const malformed = await post('/v1/ledger/transfers/batch', { transfers: [
      { id: 'm-1', debitAccountId: 'cash', creditAccountId: 'wallet', amount: '1.00', ledger: 'CNY', code: 7 },
      { id: 'm-2', debitAccountId: 'cash', creditAccountId: 'wallet', amount: '1.001', ledger: 'CNY', code: 7 },
    ] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'invalid_amount', param: 'transfers.1.amount' });
    expect((await get('/v1/ledger/transfers/m-1')).statusCode).toBe(404);

    const schema = await post('/v1/ledger/transfers', { id: 'x', amount: 5, ledger: 'CNY' });
    expect(schema.statusCode).toBe(400);
    expect(schema.json().error.code).toBe('validation_failed');

    const huge = await post('/v1/ledger/transfers', { id: 'big', debitAccountId: 'cash', creditAccountId: 'wallet', amount: '92233720368547758.08', ledger: 'CNY', code: 7 });
    expect(huge.json().error.code).toBe('amount_out_of_range');

    const tooMany = await post('/v1/ledger/transfers/batch', { transfers: Array.from({ length: 8190 }, (_, i) => ({ id: `b${i}`, debitAccountId: 'cash', creditAccountId: 'wallet', amount: '1.00', ledger: 'CNY', code: 7 })) });
    expect(tooMany.statusCode).toBe(400);
  });

  it('answers a batch item by item, linked chains all-or-nothing', async () => {
    const r = await post('/v1/ledger/transfers/batch', { transfers: [
      { id: 'c-1', debitAccountId: 'wallet', creditAccountId: 'cash', amount: '5.00', ledger: 'CNY', code: 8, flags: { linked: true } },
      { id: 'c-2', debitAccountId: 'wallet', creditAccountId: 'cash', amount: '9999.00', ledger: 'CNY', code: 8 },
      { id: 'c-3', debitAccountId: 'wallet', creditAccountId: 'cash', amount: '5.00', ledger: 'CNY', code: 8 },
    ] });
    expect(r.json()).toEqual({ results: [{ id: 'c-1', result: 'linked_event_failed' }, { id: 'c-2', result: 'exceeds_credits' }, { id: 'c-3', result: 'ok' }] });
  });

  it('replays a POST with the same Idempotency-Key and refuses the key for another request', async () => {
    const body = { id: 'idem-1', debitAccountId: 'cash', creditAccountId: 'wallet', amount: '1.00', ledger: 'CNY', code: 7 };
    const first = await post('/v1/ledger/transfers', body, { 'idempotency-key': 'k-1' });
    const again = await post('/v1/ledger/transfers', body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    const other = await post('/v1/ledger/transfers', { ...body, amount: '2.00' }, { 'idempotency-key': 'k-1' });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('idempotency_key_reused');
  });

  it('pages an account\'s transfers and ties the trial balance', async () => {
    const first = (await get('/v1/ledger/accounts/wallet/transfers?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const rest = (await get(`/v1/ledger/accounts/wallet/transfers?limit=100&cursor=${first.nextCursor}`)).json();
    expect(rest.nextCursor).toBeNull();
    expect((await get('/v1/ledger/accounts/wallet/transfers?cursor=abc')).json().error.code).toBe('invalid_cursor');
    const tb = (await get('/v1/ledger/trial-balance?ledger=CNY')).json();
    expect(tb).toMatchObject({ balanced: true, ledger: 'CNY' });
    expect(tb.debitsPosted).toBe(tb.creditsPosted);
  });

  it('lists an account\'s balance history, expiries of pending transfers included', async () => {
    expect((await post('/v1/ledger/accounts', { id: 'card', ledger: 'CNY', code: 3, flags: { history: true } })).statusCode).toBe(201);
    const hold = { id: 'auth-1', debitAccountId: 'card', creditAccountId: 'cash', amount: '12.00', ledger: 'CNY', code: 9, flags: { pending: true }, timeoutSeconds: 60 };
    expect((await post('/v1/ledger/transfers', hold)).statusCode).toBe(201);
    clock.advanceMs(61_000);
    expect(await ledger.expirePendingTransfers()).toBeGreaterThanOrEqual(1);
    const page = (await get('/v1/ledger/accounts/card/history?limit=1')).json();
    const zero = { debitsPosted: '0.00', creditsPending: '0.00', creditsPosted: '0.00' };
    expect(page.items).toEqual([{ event: 'transfer', transferId: 'auth-1', debitsPending: '12.00', ...zero }]);
    const rest = (await get(`/v1/ledger/accounts/card/history?cursor=${page.nextCursor}`)).json();
    expect(rest).toEqual({ items: [{ event: 'expiry', transferId: 'auth-1', debitsPending: '0.00', ...zero }], nextCursor: null });
  });

  it('serves its OpenAPI document', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/ledger/transfers', '/v1/ledger/transfers/batch', '/v1/ledger/accounts/{id}/balances', '/v1/ledger/trial-balance']));
  });

  it('answers unknown routes and bodies that are not JSON with the error shape', async () => {
    expect((await get('/v1/nope')).json().error.code).toBe('route_not_found');
    const bad = await app.inject({ method: 'POST', url: '/v1/ledger/transfers', payload: '{not json', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
  });
});
