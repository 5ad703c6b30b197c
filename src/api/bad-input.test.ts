/**
 * Bad input through HTTP, generated, on the wired services. Every POST route gets a valid request
 * bent out of shape (a field dropped or replaced by any JSON or a near-miss string, an unknown field
 * added, the body not an object or not JSON or of another media type, a made-up path id, a malformed
 * Idempotency-Key); every GET route gets made-up path segments and query values. Whatever arrives,
 * the answer is never a server error, and a refusal carries a stable code of the catalogue with its
 * status. A refused POST
 * writes nothing: every table reads the same before and after but the two that keep a refusal by
 * design, the idempotency keys (to replay it) and the ledger's spent ids (a transfer refused for the
 * ledger's state, TigerBeetle's `id_already_failed`). A request the bending left valid may succeed
 * and change the state the next ones see.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireServices, type Services } from '../compose.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { prcCheckCharacter } from '../lending/customers/id-number.ts';
import { PORTFOLIO_PRODUCTS } from '../lending/simulation/portfolio.ts';
import { bend, hostile, mutations } from '../../test/bent-json.ts';
import { buildApp } from './app.ts';
import { API_ERRORS, DOMAIN_ERROR_TYPES, STATUS_BY_TYPE, type ErrorType } from './errors.ts';

let services: Services;
let app: FastifyInstance;
const clock = manualClock('2026-03-01T02:00:00.000Z' as Instant);

const post = (url: string, payload: unknown = {}) => app.inject({ method: 'POST', url, payload: payload as object });

const cashProduct = PORTFOLIO_PRODUCTS.cash as Record<string, unknown>;
const strategy = JSON.parse(readFileSync(new URL('../risk/strategies/default-consumer.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const prcId = (first17: string): string => first17 + prcCheckCharacter(first17);

/** Opens a line on `productId` for customer c1 and returns its id; the offer is accepted. */
async function openLine(productId: string): Promise<string> {
  const applied = await post('/v1/credit-line-applications', { customerId: 'c1', productId, monthlyIncome: '20000.00' });
  expect(applied.statusCode).toBe(201);
  const accepted = await post(`/v1/offers/${applied.json().offer.id}/accept`);
  expect(accepted.statusCode).toBe(201);
  return accepted.json().id;
}

/** The valid requests the generated ones are bent from (filled in by beforeAll), given a fresh number for their ids. */
interface Template {
  readonly path: string;
  readonly body: (fresh: number) => Record<string, unknown>;
}
let requests = 0;
let templates: Template[] = [];
/** Ids that exist, for the reads' path segments (filled in by beforeAll). */
let knownIds: string[] = [];

beforeAll(async () => {
  services = wireServices(await openTestDatabase({ maxConnections: 8 }), clock);
  app = await buildApp(services);
  expect((await post('/v1/products', { id: 'cash', document: cashProduct })).statusCode).toBe(201);
  expect((await post('/v1/products', { id: 'bnpl', document: PORTFOLIO_PRODUCTS.bnpl })).statusCode).toBe(201);
  const customer = { id: 'c1', idNumber: prcId('11010519900515123'), name: 'Bo', phone: '13800138000', birthOn: '1990-05-15' };
  expect((await post('/v1/customers', customer)).statusCode).toBe(201);
  const openOffer = (await post('/v1/credit-line-applications', { customerId: 'c1', productId: 'cash', monthlyIncome: '20000.00' })).json().offer.id as string;
  const cashLine = await openLine('cash');
  const purchaseLine = await openLine('bnpl');
  const loanId = (await post(`/v1/credit-lines/${cashLine}/drawdowns`, { amount: '3000.00', term: 6 })).json().loanId as string;
  const holdId = (await post(`/v1/credit-lines/${purchaseLine}/holds`, { amount: '500.00', term: 3, merchantId: 'm1' })).json().id as string;
  const event = (fresh: number) => ({ id: `ev-${fresh}`, amount: '10.00', on: '2026-03-01' });
  for (const id of ['acct-a', 'acct-b']) expect((await post('/v1/ledger/accounts', { id, ledger: 'CNY', code: 1 })).statusCode).toBe(201);
  const transfer = (fresh: number) => ({ id: `tr-${fresh}`, debitAccountId: 'acct-a', creditAccountId: 'acct-b', amount: '1.00', ledger: 'CNY', code: 7, effectiveOn: '2026-03-01' });
  const decision = (fresh: number) => ({
    applicationId: `app-${fresh}`, customerId: `cus-${fresh}`, currency: 'CNY', requestedAmount: '30000.00', monthlyIncome: '15000.00', termMonths: 12, age: 30,
    fields: { employmentType: 'salaried' }, identity: { idNumber: prcId(`11010119900101${String(fresh % 1000).padStart(3, '0')}`), phone: '13800000001', deviceId: `dev-${fresh}` },
  });
  const application = { customerId: 'c1', productId: 'cash', monthlyIncome: '20000.00', applicant: { deviceId: 'd1', contacts: ['13800138001'] } };
  knownIds = ['c1', 'cash', 'bnpl', openOffer, cashLine, purchaseLine, loanId, holdId, 'acct-a', 'default-consumer', '1', 'black', 'grey', '2026-03-01'];
  templates = [
    { path: '/v1/customers', body: (fresh) => ({ ...customer, id: `c-${fresh}`, idNumber: prcId(`11010519850203${String(fresh % 1000).padStart(3, '0')}`), birthOn: '1985-02-03' }) },
    { path: '/v1/customers/c1/phone', body: (fresh) => ({ phone: `1390000${String(fresh % 10_000).padStart(4, '0')}` }) },
    { path: '/v1/products', body: (fresh) => ({ id: `cash-${fresh}`, document: cashProduct }) },
    { path: '/v1/products/cash/versions', body: () => ({ document: cashProduct, basedOnVersion: 1 }) },
    { path: '/v1/credit-line-applications', body: () => application },
    { path: '/v1/credit-line-applications/batch', body: () => ({ applications: [application] }) },
    { path: `/v1/offers/${openOffer}/accept`, body: (fresh) => ({ lineId: `line-${fresh}` }) },
    { path: '/v1/offers/accept/batch', body: () => ({ acceptances: [{ offerId: openOffer }] }) },
    { path: `/v1/credit-lines/${cashLine}/drawdowns`, body: (fresh) => ({ id: `dd-${fresh}`, amount: '1000.00', term: 6, purpose: 'rent' }) },
    { path: '/v1/drawdowns/batch', body: () => ({ drawdowns: [{ lineId: purchaseLine, amount: '200.00', term: 3, merchantId: 'm2' }] }) },
    { path: `/v1/credit-lines/${purchaseLine}/holds`, body: () => ({ amount: '300.00', term: 3, merchantId: 'm1', reference: 'order-9' }) },
    { path: `/v1/credit-lines/${cashLine}/status`, body: () => ({ status: 'active', reason: 'review' }) },
    { path: `/v1/credit-lines/${cashLine}/limit`, body: () => ({ limit: '50000.00', reason: 'review' }) },
    { path: `/v1/holds/${holdId}/capture`, body: () => ({ amount: '100.00' }) },
    { path: `/v1/holds/${holdId}/void`, body: () => ({}) },
    { path: `/v1/loans/${loanId}/repayments`, body: event },
    { path: `/v1/loans/${loanId}/repayments?dryRun=true`, body: event },
    { path: `/v1/loans/${loanId}/refunds`, body: event },
    { path: `/v1/loans/${loanId}/recoveries`, body: event },
    { path: `/v1/loans/${loanId}/waivers`, body: event },
    { path: `/v1/loans/${loanId}/credit-balance-refunds`, body: event },
    { path: `/v1/loans/${loanId}/reversals`, body: (fresh) => ({ id: `rv-${fresh}`, on: '2026-03-01', seq: 1 }) },
    { path: '/v1/loan-events/batch', body: (fresh) => ({ events: [{ loanId, type: 'repayment', ...event(fresh) }] }) },
    { path: '/v1/loan-reversals/batch', body: (fresh) => ({ reversals: [{ id: `rv-${fresh}`, on: '2026-03-01', eventId: `ev-${fresh}` }] }) },
    { path: '/v1/eod/runs', body: () => ({ businessDate: '2026-03-01' }) },
    { path: '/v1/ledger/accounts', body: (fresh) => ({ id: `acct-${fresh}`, ledger: 'CNY', code: 1, flags: { debitsMustNotExceedCredits: true } }) },
    { path: '/v1/ledger/accounts/batch', body: (fresh) => ({ accounts: [{ id: `acct-${fresh}`, ledger: 'CNY', code: 2 }] }) },
    { path: '/v1/ledger/transfers', body: transfer },
    { path: '/v1/ledger/transfers/batch', body: (fresh) => ({ transfers: [transfer(fresh)] }) },
    { path: '/v1/decisions', body: decision },
    { path: '/v1/strategies', body: () => ({ document: strategy }) },
    { path: '/v1/strategies/deployments', body: () => ({ champion: { name: 'default-consumer', version: 1 } }) },
    { path: '/v1/lists/black/entries', body: () => ({ type: 'phone', value: '13900000001', reason: 'fraud' }) },
    { path: '/v1/lists/grey/imports', body: () => ({ csv: 'type,value\nphone,13900000003\n' }) },
  ];
});
afterAll(async () => {
  await app.close();
  await services.close();
});

/** Every table's rows, as one digest per table, but the two that keep refusals by design. */
async function snapshot(): Promise<Record<string, string>> {
  const tables = await services.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT IN ('api_idempotency_keys', 'ledger_failed_transfers') ORDER BY 1`,
  );
  const digests = await services.db.query<{ name: string; digest: string }>(
    tables.map((t) => `SELECT '${t.name}' AS name, md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) AS digest FROM ${t.name} r`).join(' UNION ALL '),
  );
  return Object.fromEntries(digests.map((d) => [d.name, d.digest]));
}

/** What a generated request does to its template. */
const bentRequest = fc.record({
  template: fc.nat(),
  body: fc.oneof(
    { weight: 6, arbitrary: mutations.map((ms) => ({ kind: 'mutated' as const, ms })) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'replaced' as const, value })) },
    { weight: 1, arbitrary: fc.constantFrom('{', '{"amount": 1,}', 'null', '[]', '"x"', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}').map((raw) => ({ kind: 'raw' as const, raw })) },
  ),
  pathId: fc.option(fc.constantFrom('nope', 'x'.repeat(300), '%20', '..', 'ln_0000', '😀', 'a\u0000b'), { freq: 5 }),
  contentType: fc.option(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'application/yaml', 'application/json; charset=latin1', 'multipart/form-data'), { freq: 8 }),
  idempotencyKey: fc.option(fc.oneof(fc.constantFrom('', 'a b', 'é', 'k'.repeat(300)), fc.stringMatching(/^[a-z0-9]{8,16}$/)), { freq: 3 }),
});

type BentRequest = typeof bentRequest extends fc.Arbitrary<infer R> ? R : never;

function requestFor(bent: BentRequest): InjectOptions {
  const template = templates[bent.template % templates.length]!;
  const url = bent.pathId === null ? template.path : template.path.replace(/^(\/v1\/[a-z-]+\/)[^/]+(\/.+)$/, `$1${encodeURIComponent(bent.pathId)}$2`);
  const headers: Record<string, string> = { 'content-type': bent.contentType ?? 'application/json' };
  if (bent.idempotencyKey !== null) headers['idempotency-key'] = bent.idempotencyKey;
  const payload =
    bent.body.kind === 'raw' ? bent.body.raw
    : bent.body.kind === 'replaced' ? JSON.stringify(bent.body.value)
    : JSON.stringify(bend(template.body(++requests), bent.body.ms));
  return { method: 'POST', url, headers, payload };
}

/** Every GET route with its path parameters as `:name`. */
const READS = [
  '/v1/customers', '/v1/customers/:id', '/v1/products', '/v1/products/:id', '/v1/products/:id/versions', '/v1/products/:id/accounts',
  '/v1/credit-line-applications', '/v1/credit-line-applications/:id', '/v1/offers/:id', '/v1/credit-lines', '/v1/credit-lines/:id',
  '/v1/credit-lines/:id/drawdowns', '/v1/credit-lines/:id/holds', '/v1/credit-lines/:id/status-changes', '/v1/credit-lines/:id/limit-changes', '/v1/drawdowns/:id', '/v1/holds/:id', '/v1/loans', '/v1/loans/:id', '/v1/loans/:id/payoff', '/v1/loans/:id/events',
  '/v1/eod/runs', '/v1/eod/runs/:date',
  '/v1/ledger/accounts/:id', '/v1/ledger/accounts/:id/balances', '/v1/ledger/accounts/:id/transfers', '/v1/ledger/accounts/:id/history',
  '/v1/ledger/transfers/:id', '/v1/ledger/trial-balance', '/v1/decisions', '/v1/decisions/:id', '/v1/strategies', '/v1/strategies/:name/versions/:version',
  '/v1/strategies/deployments', '/v1/strategies/deployments/active', '/v1/lists/lookup', '/v1/lists/:list/entries',
];
const QUERY_KEYS = ['limit', 'cursor', 'customerId', 'lineId', 'status', 'bucket', 'minDaysPastDue', 'asOf', 'on', 'ledger', 'type', 'value', 'from', 'to', 'extra'];

/** Any hostile value as the text it would be in a URL. */
const hostileText = hostile.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));

const read = fc.record({
  route: fc.nat(),
  segments: fc.array(fc.oneof({ weight: 3, arbitrary: fc.nat().map((i) => ({ known: i })) }, hostileText.map((value) => ({ value }))), { minLength: 2, maxLength: 2 }),
  query: fc.oneof(
    fc.constant([]),
    fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(fc.constantFrom('1', '0', '-1', '1000000', 'active', 'CNY', 'phone', '13900000001', '2026-03-01'), hostileText)), { maxLength: 3 }),
  ),
});

function readFor(r: typeof read extends fc.Arbitrary<infer R> ? R : never): string {
  let segment = 0;
  const path = READS[r.route % READS.length]!.replace(/:[a-z]+/g, () => {
    const pick = r.segments[segment++ % r.segments.length]!;
    const text = 'known' in pick ? knownIds[pick.known % knownIds.length]! : pick.value;
    // A lone surrogate has no UTF-8: send the bytes a careless client would (U+D800's, invalid UTF-8).
    return text.split(/([\uD800-\uDFFF])/).map((part, i) => (i % 2 === 1 ? '%ED%A0%80' : encodeURIComponent(part))).join('');
  });
  const query = new URLSearchParams(r.query).toString();
  return query === '' ? path : `${path}?${query}`;
}

const KNOWN_TYPES: Record<string, ErrorType> = {
  ...Object.fromEntries(Object.entries(API_ERRORS).map(([code, entry]) => [code, entry.type])),
  ...DOMAIN_ERROR_TYPES,
};

/** Asserts the answer is no server error and, if a refusal, a catalogued one; tells whether it was a refusal. */
function answeredInCatalogue(reply: { statusCode: number; json(): { error: { type: string; code: string } } }, context: string): boolean {
  expect(reply.statusCode, context).toBeLessThan(500);
  if (reply.statusCode < 400) return false;
  const { error } = reply.json();
  expect(error.code, context).toMatch(/^[a-z][a-z0-9_]*$/);
  expect(STATUS_BY_TYPE[error.type as ErrorType], context).toBe(reply.statusCode);
  expect(error.type, context).toBe(KNOWN_TYPES[error.code] ?? 'business_rule');
  return true;
}

describe('bad input through HTTP, generated', () => {
  it('never answers a server error; a refusal has a catalogued code and status, and writes nothing, nor does a dry run', async () => {
    await fc.assert(
      fc.asyncProperty(bentRequest, async (bent) => {
        const request = requestFor(bent);
        const before = await snapshot();
        const reply = await app.inject(request);
        const context = `${request.url} ${String(request.payload)} → ${reply.statusCode} ${reply.body}`;
        // A refusal writes nothing, and neither does a dry run, whatever it answers.
        if (!answeredInCatalogue(reply, context) && !String(request.url).includes('dryRun=true')) return;
        expect(await snapshot(), context).toEqual(before);
      }),
      { numRuns: Number(process.env.BAD_INPUT_RUNS ?? 300) },
    );
  });

  it('bends every route the OpenAPI document names', async () => {
    const paths = (await app.inject({ method: 'GET', url: '/openapi.json' })).json().paths as Record<string, Record<string, unknown>>;
    const shape = (path: string): string => path.replace(/\?.*$/, '').replace(/\{[^}]+\}|:[^/]+/g, ':_');
    const named = (method: string) => Object.entries(paths).filter(([, ops]) => method in ops).map(([path]) => shape(path)).sort();
    const ids = new Map(knownIds.map((id) => [`/${id}/`, '/:_/']));
    const templated = templates.map((t) => shape([...ids].reduce((path, [id, param]) => path.replace(id, param), `${t.path}/`).slice(0, -1)));
    expect([...new Set(templated)].sort()).toEqual(named('post'));
    expect(READS.map(shape).sort()).toEqual(named('get'));
  });

  it('reads with made-up path segments and query values: never a server error, a refusal catalogued', async () => {
    await fc.assert(
      fc.asyncProperty(read, async (r) => {
        const url = readFor(r);
        const reply = await app.inject({ method: 'GET', url });
        answeredInCatalogue(reply, `GET ${url} → ${reply.statusCode} ${reply.body.slice(0, 500)}`);
      }),
      { numRuns: Number(process.env.BAD_INPUT_RUNS ?? 300) },
    );
  });

  it('refuses, by example: text PostgreSQL cannot store, an overlong path id, a malformed amount in a document, bodies Fastify refuses, a body nested 100,000 deep', async () => {
    const before = await snapshot();
    const refusal = async (options: InjectOptions) => {
      const reply = await app.inject(options);
      return { status: reply.statusCode, ...reply.json().error };
    };
    const customer = { id: 'c-nul', idNumber: prcId('11010519700101123'), name: 'x\u0000y', phone: '13800138000', birthOn: '1970-01-01' };
    expect(await refusal({ method: 'POST', url: '/v1/customers', payload: customer })).toMatchObject({ status: 400, code: 'validation_failed', param: 'body.name' });
    const surrogateKey = JSON.stringify({ id: 'odd', document: { ...cashProduct, '\uD800': 1 } });
    expect(await refusal({ method: 'POST', url: '/v1/products', headers: { 'content-type': 'application/json' }, payload: surrogateKey })).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(await refusal({ method: 'POST', url: `/v1/loans/${'x'.repeat(300)}/repayments`, payload: { id: 'e', amount: '1.00', on: '2026-03-01' } })).toMatchObject({ status: 400, code: 'invalid_url' });
    const zeroExample = { id: 'zero', document: { ...cashProduct, offerExample: { amount: 0, term: 12 } } };
    expect(await refusal({ method: 'POST', url: '/v1/products', payload: zeroExample })).toMatchObject({ status: 400, type: 'invalid_request', code: 'invalid_amount' });
    const json = { 'content-type': 'application/json' };
    const deep = `{"id":"deep","document":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(await refusal({ method: 'POST', url: '/v1/products', headers: json, payload: deep })).toMatchObject({ status: 400, code: 'validation_failed', message: 'values nest at most 64 deep' });
    expect(await refusal({ method: 'POST', url: '/v1/customers', headers: json, payload: '{"__proto__":{"admin":true}}' })).toMatchObject({ status: 400, code: 'invalid_json' });
    expect(await refusal({ method: 'POST', url: '/v1/customers', headers: { 'content-type': 'application/xml' }, payload: '<a/>' })).toMatchObject({ status: 400, code: 'unsupported_media_type' });
    expect(await snapshot()).toEqual(before);
  });
});
