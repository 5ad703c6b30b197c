/**
 * Idempotency-Key on the command that moves money, through HTTP on the wired services: a drawdown
 * without a client id, sent many times at once with one key, disburses once; every reply is that
 * drawdown (first or replayed) or `idempotency_key_in_progress`, and a later retry replays it. A
 * claim left by a process that died after the commit blocks retries until its lease ends; the retry
 * then runs again and finds the drawdown by the id the key gives it, so nothing is disbursed twice;
 * a batch's items likewise, each by the key's id with its index.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../compose.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { prcCheckCharacter } from '../lending/customers/id-number.ts';
import { PORTFOLIO_PRODUCTS } from '../lending/simulation/portfolio.ts';
import { buildApp } from './app.ts';
import { DEFAULT_TENANT } from './tenancy.ts';

let services: Services;
let app: FastifyInstance;
let lineId = '';
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);

const post = (url: string, payload: unknown, key?: string) =>
  app.inject({ method: 'POST', url, payload: payload as object, headers: key === undefined ? {} : { 'idempotency-key': key } });
const loansOnLine = async (): Promise<number> => (await app.inject({ method: 'GET', url: `/v1/loans?lineId=${lineId}` })).json().items.length;

beforeAll(async () => {
  services = wireServices(await openTestDatabase({ maxConnections: 10 }), clock);
  app = await buildApp(services);
  expect((await post('/v1/products', { id: 'cash', document: PORTFOLIO_PRODUCTS.cash })).statusCode).toBe(201);
  const first17 = '11010519900101123';
  expect((await post('/v1/customers', { id: 'c1', idNumber: first17 + prcCheckCharacter(first17), name: 'Bo', phone: '13800138000', birthOn: '1990-01-01' })).statusCode).toBe(201);
  const applied = await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'cash', monthlyIncome: '20000.00' });
  lineId = (await post(`/v1/offers/${applied.json().offer.id}/accept`, {})).json().id;
});
afterAll(async () => {
  await app.close();
  await services.close();
});

describe('Idempotency-Key on a drawdown', () => {
  it('disburses once when the same request is sent many times at once', async () => {
    const draw = { amount: '1000.00', term: 6 };
    const replies = await Promise.all(Array.from({ length: 8 }, () => post(`/v1/credit-lines/${lineId}/drawdowns`, draw, 'draw-once')));
    const done = replies.filter((r) => r.statusCode === 201);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(new Set(done.map((r) => r.body)).size).toBe(1);
    for (const r of replies.filter((x) => x.statusCode !== 201)) expect([r.statusCode, r.json().error.code]).toEqual([409, 'idempotency_key_in_progress']);
    expect(await loansOnLine()).toBe(1);

    const retry = await post(`/v1/credit-lines/${lineId}/drawdowns`, draw, 'draw-once');
    expect([retry.statusCode, retry.headers['idempotent-replayed'], retry.body]).toEqual([201, 'true', done[0]!.body]);
    expect(await loansOnLine()).toBe(1);
  });

  it('disburses once when the process died between the commit and keeping the response', async () => {
    const draw = { amount: '500.00', term: 6 };
    const first = await post(`/v1/credit-lines/${lineId}/drawdowns`, draw, 'draw-crashed');
    expect(first.statusCode).toBe(201);
    // What the process leaves if it dies after the drawdown commits and before its response is kept.
    await services.db.query('UPDATE api_idempotency_keys SET status_code = NULL, response_body = NULL WHERE tenant_id = $1 AND key = $2', [DEFAULT_TENANT, 'draw-crashed']);
    const blocked = await post(`/v1/credit-lines/${lineId}/drawdowns`, draw, 'draw-crashed');
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([409, 'idempotency_key_in_progress']);

    clock.set('2026-03-01T02:01:01.000Z' as Instant); // the claim's 60-second lease has ended
    const retried = await post(`/v1/credit-lines/${lineId}/drawdowns`, draw, 'draw-crashed');
    expect([retried.statusCode, retried.json().id, retried.json().loanId]).toEqual([200, first.json().id, first.json().loanId]);
    expect(await loansOnLine()).toBe(2);
  });

  it('gives a batch\'s items ids of their own from the key, so its retry after a crash disburses nothing twice either', async () => {
    const before = await loansOnLine();
    const batch = { drawdowns: [{ lineId, amount: '600.00', term: 6 }, { lineId, amount: '700.00', term: 6 }] };
    const first = await post('/v1/drawdowns/batch', batch, 'batch-crashed');
    expect(first.json().results.map((r: { status: number }) => r.status), first.body).toEqual([201, 201]);
    await services.db.query('UPDATE api_idempotency_keys SET status_code = NULL, response_body = NULL WHERE tenant_id = $1 AND key = $2', [DEFAULT_TENANT, 'batch-crashed']);
    clock.set('2026-03-01T02:03:01.000Z' as Instant);
    const retried = await post('/v1/drawdowns/batch', batch, 'batch-crashed');
    const ids = (reply: typeof first) => reply.json().results.map((r: { status: number; drawdown: { id: string } }) => [r.status, r.drawdown.id]);
    expect(ids(retried)).toEqual(ids(first).map(([, id]: [number, string]) => [200, id]));
    expect(await loansOnLine()).toBe(before + 2);
  });
});
