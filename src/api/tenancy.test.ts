/**
 * Tenants through HTTP with API keys configured, on the wired services: a request without a valid
 * key is refused; a tenant never sees, moves or closes another's records, even by their ids; the
 * same ids and the same Idempotency-Key live side by side in two tenants; one tenant's end of day
 * leaves the other's loans alone.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../compose.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { prcCheckCharacter } from '../lending/customers/id-number.ts';
import { PORTFOLIO_PRODUCTS } from '../lending/simulation/portfolio.ts';
import { buildApp } from './app.ts';
import { parseApiKeys, scopeOf } from './tenancy.ts';

let services: Services;
let app: FastifyInstance;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);
const KEYS = { alpha: 'key-alpha-0123456789', beta: 'key-beta-0123456789', alphaServicing: 'key-alpha-servicing-0123', alphaCheckout: 'key-alpha-checkout-0123', alphaRisk: 'key-alpha-risk-01234567' };

const as = (tenant: keyof typeof KEYS) => ({
  post: (url: string, payload: unknown = {}, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { authorization: `Bearer ${KEYS[tenant]}`, ...headers } }),
  get: (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${KEYS[tenant]}` } }),
});
const alpha = as('alpha');
const beta = as('beta');

/** Product, customer, line, loan and hold of one tenant, under the same client ids in every tenant. */
async function book(tenant: ReturnType<typeof as>): Promise<{ offerId: string; lineId: string; loanId: string; holdId: string }> {
  expect((await tenant.post('/v1/products', { id: 'cash', document: PORTFOLIO_PRODUCTS.cash })).statusCode).toBe(201);
  const first17 = '11010519900101123';
  expect((await tenant.post('/v1/customers', { id: 'c1', idNumber: first17 + prcCheckCharacter(first17), name: 'Bo', phone: '13800138000', birthOn: '1990-01-01' })).statusCode).toBe(201);
  const offerId = (await tenant.post('/v1/credit-line-applications', { id: 'app-1', customerId: 'c1', productId: 'cash', monthlyIncome: '20000.00' })).json().offer.id;
  expect((await tenant.post(`/v1/offers/${offerId}/accept`, { lineId: 'line-1' })).statusCode).toBe(201);
  const loanId = (await tenant.post('/v1/credit-lines/line-1/drawdowns', { id: 'dd-1', amount: '1000.00', term: 6 })).json().loanId;
  const holdId = (await tenant.post('/v1/credit-lines/line-1/holds', { id: 'hold-1', amount: '600.00', term: 6, merchantId: 'm1' })).json().id;
  return { offerId, lineId: 'line-1', loanId, holdId };
}

let alphas: Awaited<ReturnType<typeof book>>;

beforeAll(async () => {
  services = wireServices(await openTestDatabase({ maxConnections: 8 }), clock);
  app = await buildApp({
    ...services,
    apiKeys: [{ key: KEYS.alpha, tenantId: 'alpha' }, { key: KEYS.beta, tenantId: 'beta' }, ...parseApiKeys(`${KEYS.alphaServicing}:alpha:read+servicing,${KEYS.alphaCheckout}:alpha:origination,${KEYS.alphaRisk}:alpha:risk`)],
  });
  alphas = await book(alpha);
});
afterAll(async () => {
  await app.close();
  await services.close();
});

describe('tenants through HTTP', () => {
  it('refuses a request without a valid key, however its path is spelled', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope' }, { authorization: KEYS.alpha }]) {
      // The router decodes `%76` to `v`: the second URL is the loans route too.
      for (const url of ['/v1/loans', '/%761/loans', '/v1/no-such-route']) {
        const reply = await app.inject({ method: 'GET', url, headers });
        expect([url, reply.statusCode, reply.json().error.code]).toEqual([url, 401, 'unauthenticated']);
      }
    }
    expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });

  it('holds a key to its scopes: a servicing key reads and takes repayments, but opens no line and closes no date', async () => {
    const servicing = as('alphaServicing');
    expect((await servicing.get(`/v1/loans/${alphas.loanId}`)).statusCode).toBe(200);
    const dryRun = await servicing.post(`/v1/loans/${alphas.loanId}/repayments?dryRun=true`, { id: 'rp-scope', amount: '10.00', on: '2026-03-01' });
    expect(dryRun.statusCode).toBe(200);
    for (const [url, body] of [['/v1/eod/runs', { businessDate: '2026-03-01' }], ['/v1/credit-lines/line-1/drawdowns', { amount: '10.00', term: 6 }], ['/v1/products', { id: 'x', document: PORTFOLIO_PRODUCTS.cash }]] as const) {
      const reply = await servicing.post(url, body);
      expect([url, reply.statusCode, reply.json().error.code]).toEqual([url, 403, 'forbidden']);
    }
    // Scopes follow the route matched, not the URL's spelling: a percent-encoded path is no way round.
    const encoded = await servicing.post('/v1/%65od/runs', { businessDate: '2026-03-01' });
    expect([encoded.statusCode, encoded.json().error.code]).toEqual([403, 'forbidden']);
    expect(() => parseApiKeys('k:t:read+everything')).toThrow(/unknown scope "everything"/);
  });

  it('keeps a line\'s status and limit to risk keys: a checkout key places holds, but neither freezes nor raises a line', async () => {
    const checkout = as('alphaCheckout');
    const risk = as('alphaRisk');
    expect((await checkout.post('/v1/credit-lines/line-1/holds', { id: 'hold-scope', amount: '600.00', term: 6, merchantId: 'm1' })).statusCode).toBe(201);
    for (const [url, body] of [['/v1/credit-lines/line-1/status', { status: 'active', reason: 'x' }], ['/v1/credit-lines/line-1/limit', { limit: '99999.00', reason: 'x' }]] as const) {
      const reply = await checkout.post(url, body);
      expect([url, reply.statusCode, reply.json().error.code]).toEqual([url, 403, 'forbidden']);
      expect([url, (await risk.post(url, { ...body, ...(url.endsWith('limit') ? { limit: '20000.00' } : {}) })).statusCode]).toEqual([url, 200]);
    }
  });

  it('knows the scope of every route the OpenAPI document names', async () => {
    const paths = (await alpha.get('/openapi.json')).json().paths as Record<string, Record<string, unknown>>;
    for (const [path, methods] of Object.entries(paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const method of Object.keys(methods)) expect([method, path, scopeOf(method.toUpperCase(), path)]).not.toContain(undefined);
    }
  });

  it('never shows, moves or releases another tenant\'s records, even by their ids', async () => {
    for (const url of ['/v1/products/cash', '/v1/customers/c1', '/v1/credit-line-applications/app-1', `/v1/offers/${alphas.offerId}`, '/v1/credit-lines/line-1', '/v1/drawdowns/dd-1', `/v1/holds/${alphas.holdId}`, `/v1/loans/${alphas.loanId}`]) {
      expect([url, (await beta.get(url)).statusCode]).toEqual([url, 404]);
      expect([url, (await alpha.get(url)).statusCode]).toEqual([url, 200]);
    }
    expect((await beta.get('/v1/loans')).json().items).toEqual([]);
    expect((await beta.post(`/v1/loans/${alphas.loanId}/repayments`, { id: 'rp-1', amount: '10.00', on: '2026-03-01' })).statusCode).toBe(404);
    expect((await beta.post(`/v1/holds/${alphas.holdId}/void`)).statusCode).toBe(404);
    expect((await beta.post(`/v1/credit-lines/line-1/drawdowns`, { amount: '1000.00', term: 6 })).statusCode).toBe(404);
    expect((await beta.post(`/v1/offers/${alphas.offerId}/accept`)).statusCode).toBe(404);
    expect((await alpha.get(`/v1/holds/${alphas.holdId}`)).json().status).toBe('authorized');
    expect((await beta.get('/v1/ledger/trial-balance?ledger=CNY')).json()).toMatchObject({ debitsPosted: '0.00', creditsPosted: '0.00' });
  });

  it('keeps the same ids and the same Idempotency-Key apart, and closes one tenant\'s date alone', async () => {
    const betas = await book(beta);
    expect(betas.loanId).not.toBe(alphas.loanId);
    const key = { 'idempotency-key': 'same-key' };
    expect((await alpha.post('/v1/credit-lines/line-1/drawdowns', { amount: '500.00', term: 6 }, key)).statusCode).toBe(201);
    expect((await beta.post('/v1/credit-lines/line-1/drawdowns', { amount: '700.00', term: 12 }, key)).statusCode).toBe(201);

    expect((await beta.post('/v1/eod/runs', { businessDate: '2026-03-01' })).json()).toMatchObject({ reconciled: true });
    expect((await beta.get(`/v1/loans/${betas.loanId}`)).json().openOn).toBe('2026-03-02');
    expect((await alpha.get(`/v1/loans/${alphas.loanId}`)).json().openOn).toBe('2026-03-01');
  });
});
