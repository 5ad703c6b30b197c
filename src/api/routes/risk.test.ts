import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Database } from '../../db/database.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { createIdGenerator } from '../../kernel/ids.ts';
import { manualClock, type Instant } from '../../kernel/instant.ts';
import { createLedger } from '../../ledger/ledger.ts';
import { createRiskServices } from '../../risk/services.ts';
import { buildApp } from '../app.ts';

const DEFAULT_DOCUMENT = JSON.parse(readFileSync(new URL('../../risk/strategies/default-consumer.json', import.meta.url), 'utf8'));

let db: Database;
let app: FastifyInstance;
const clock = manualClock('2026-03-01T10:00:00.000Z' as Instant);

beforeAll(async () => {
  db = await openTestDatabase();
  const risk = createRiskServices({ db, clock, ids: createIdGenerator(clock) });
  app = await buildApp({ db, clock, ledger: createLedger({ db, clock }), risk });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, payload: payload as object, headers });
const get = (url: string) => app.inject({ method: 'GET', url });
const count = async (table: string) => Number((await db.query<{ n: bigint }>(`SELECT count(*)::int8 AS n FROM ${table}`))[0]?.n);

function application(n: number, extra: Record<string, unknown> = {}) {
  return {
    applicationId: `app_${n}`, customerId: `cus_${n}`, currency: 'CNY', requestedAmount: '30000.00', monthlyIncome: '15000.00',
    termMonths: 12, age: 30, fields: { employmentType: 'salaried' },
    identity: { idNumber: `11010119900101${String(n).padStart(4, '0')}`, phone: `1380000${String(n).padStart(4, '0')}`, deviceId: `dev-${n}` },
    ...extra,
  };
}

describe('HTTP risk: strategies, decisions, lists', () => {
  it('refuses to decide before a strategy is active', async () => {
    const refused = await post('/v1/decisions', application(1));
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('no_active_strategy');
  });

  it('publishes a strategy (JSON, then the same as YAML is no new version) and activates it', async () => {
    const published = await post('/v1/strategies', { document: DEFAULT_DOCUMENT });
    expect(published.statusCode).toBe(201);
    expect(published.json()).toEqual({ name: 'default-consumer', version: 1 });
    const again = await app.inject({ method: 'POST', url: '/v1/strategies', payload: stringify(DEFAULT_DOCUMENT), headers: { 'content-type': 'application/yaml' } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ name: 'default-consumer', version: 1 });

    const activated = await post('/v1/strategies/deployments', { champion: { name: 'default-consumer', version: 1 } });
    expect(activated.statusCode).toBe(201);
    expect(activated.json()).toMatchObject({ seq: 1, champion: { name: 'default-consumer', version: 1 }, challenger: null, shadows: [] });
    expect((await post('/v1/strategies/deployments', { champion: { name: 'default-consumer', version: 1 } })).statusCode).toBe(200);
    expect((await get('/v1/strategies/default-consumer/versions/1')).json()).toMatchObject({ name: 'default-consumer', version: 1, sourceFormat: 'json', document: { currency: 'CNY' } });
    expect((await get('/v1/strategies/default-consumer/versions/9')).json().error.code).toBe('strategy_not_found');
  });

  it('refuses an invalid document with the path at fault, and the active strategy stays', async () => {
    const broken = { ...DEFAULT_DOCUMENT, rules: [{ ...DEFAULT_DOCUMENT.rules[0], when: { feature: 'age', op: 'around', value: 1 } }] };
    const refused = await post('/v1/strategies', { document: broken });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({ code: 'invalid_strategy', param: 'rules[0].when.op' });
    const yaml = await app.inject({ method: 'POST', url: '/v1/strategies', payload: 'kind: [unclosed', headers: { 'content-type': 'text/yaml' } });
    expect(yaml.statusCode).toBe(400);
    expect(yaml.json().error.code).toBe('invalid_strategy');
    expect(await count('risk_strategy_versions')).toBe(1);
    expect((await get('/v1/strategies/deployments/active')).json()).toMatchObject({ seq: 1, champion: { name: 'default-consumer', version: 1 } });
  });

  it('decides, explains the decision, and lists it under its application', async () => {
    const decided = await post('/v1/decisions', application(2), { 'idempotency-key': 'decide-2' });
    expect(decided.statusCode).toBe(201);
    const decision = decided.json();
    expect(decision).toMatchObject({ applicationId: 'app_2', role: 'champion', effective: true, strategy: { name: 'default-consumer', version: 1 }, currency: 'CNY' });
    expect(['approve', 'review', 'reject']).toContain(decision.outcome);
    if (decision.outcome === 'approve') expect(decision.limit).toMatch(/^\d+\.\d{2}$/);
    expect(decision.application).toMatchObject({ requestedAmount: '30000.00', monthlyIncome: '15000.00' });
    expect(typeof decision.features.age).toBe('number');

    const replayed = await post('/v1/decisions', application(2, { requestedAmount: '1.00' }));
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json().id).toBe(decision.id);

    const explained = await get(`/v1/decisions/${decision.id}`);
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({ id: decision.id, outcome: decision.outcome, explanation: { offer: { scoreBand: decision.scoreBand } } });
    expect(explained.json().explanation.scorecard.length).toBeGreaterThan(0);
    expect((await get('/v1/decisions/dec_nothing')).statusCode).toBe(404);

    await post('/v1/decisions', application(3));
    const listed = await get('/v1/decisions?applicationId=app_2');
    expect(listed.json()).toMatchObject({ items: [{ id: decision.id }], nextCursor: null });
    const first = (await get('/v1/decisions?limit=1')).json();
    expect(first.items).toHaveLength(1);
    const second = (await get(`/v1/decisions?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await get('/v1/decisions?cursor=%%%')).json().error.code).toBe('invalid_cursor');
  });

  it('refuses an application in another currency or with a malformed amount', async () => {
    const usd = await post('/v1/decisions', application(4, { currency: 'USD' }));
    expect(usd.statusCode).toBe(400);
    expect(usd.json().error).toMatchObject({ code: 'invalid_application', param: 'currency' });
    const precise = await post('/v1/decisions', application(4, { requestedAmount: '1.005' }));
    expect(precise.json().error).toMatchObject({ code: 'invalid_application', param: 'requestedAmount' });
    expect((await post('/v1/decisions', application(4, { requestedAmount: 30000 }))).json().error.code).toBe('validation_failed');
  });

  it('deploys a challenger with its traffic share and shadows, refusing shares above the limit', async () => {
    const lenient = { ...DEFAULT_DOCUMENT, description: 'challenger' };
    expect((await post('/v1/strategies', { document: lenient })).json()).toEqual({ name: 'default-consumer', version: 2 });
    const strict = { ...DEFAULT_DOCUMENT, description: 'shadow' };
    expect((await post('/v1/strategies', { source: JSON.stringify(strict) })).json()).toEqual({ name: 'default-consumer', version: 3 });

    const tooMuch = await post('/v1/strategies/deployments', { champion: { name: 'default-consumer', version: 1 }, challenger: { name: 'default-consumer', version: 2, percent: 90 } });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json().error).toMatchObject({ code: 'invalid_deployment', param: 'challenger.percent' });
    const missing = await post('/v1/strategies/deployments', { champion: { name: 'default-consumer', version: 7 } });
    expect(missing.statusCode).toBe(404);

    const deployed = await post('/v1/strategies/deployments', {
      champion: { name: 'default-consumer', version: 1 }, challenger: { name: 'default-consumer', version: 2, percent: 50 }, shadows: [{ name: 'default-consumer', version: 3 }],
    });
    expect(deployed.statusCode).toBe(201);
    expect(deployed.json()).toMatchObject({ seq: 2, challenger: { version: 2, percent: 50 }, shadows: [{ name: 'default-consumer', version: 3 }] });
    const history = (await get('/v1/strategies/deployments?limit=1')).json();
    expect(history.items[0].seq).toBe(2);
    expect((await get(`/v1/strategies/deployments?cursor=${history.nextCursor}`)).json().items.map((d: { seq: number }) => d.seq)).toEqual([1]);

    const roles = new Set<string>();
    for (let n = 10; n < 30; n++) {
      const decided = (await post('/v1/decisions', application(n))).json();
      roles.add(decided.role);
      const all = (await get(`/v1/decisions?applicationId=app_${n}`)).json().items;
      expect(all.map((d: { role: string }) => d.role).sort()).toEqual([decided.role, 'shadow'].sort());
    }
    expect(roles).toEqual(new Set(['champion', 'challenger']));
    const versions = (await get('/v1/strategies?name=default-consumer&limit=2')).json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await get(`/v1/strategies?cursor=${versions.nextCursor}`)).json().items.map((v: { version: number; description: string }) => [v.version, v.description])).toEqual([[3, 'shadow']]);
  });

  it('adds, looks up, pages, removes and imports list entries; a malformed CSV writes nothing', async () => {
    const added = await post('/v1/lists/black/entries', { type: 'phone', value: '+86 139-0000-0001', reason: 'fraud' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ list: 'black', type: 'phone', value: '13900000001', added: true });
    expect((await post('/v1/lists/black/entries', { type: 'phone', value: '13900000001' })).statusCode).toBe(200);
    expect((await get('/v1/lists/lookup?type=phone&value=13900000001')).json()).toEqual({ type: 'phone', value: '13900000001', black: true, grey: false, white: false });
    expect((await post('/v1/lists/red/entries', { type: 'phone', value: '1' })).json().error.code).toBe('validation_failed');

    const csv = 'type,value,reason\nphone,139-0000-0002,mule\nidNumber,110101199001010099,\nphone,13900000001,dup\n';
    const imported = await app.inject({ method: 'POST', url: '/v1/lists/black/imports', payload: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.json()).toEqual({ list: 'black', rows: 3, added: 2 });
    const before = await count('risk_list_entries');
    const malformed = await post('/v1/lists/grey/imports', { csv: 'type,value\nphone,13900000003\nfax,12345\n' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error).toMatchObject({ code: 'invalid_csv', param: 'type', message: expect.stringContaining('row 2') });
    expect(await count('risk_list_entries')).toBe(before);
    expect((await get('/v1/lists/lookup?type=phone&value=13900000003')).json().grey).toBe(false);

    const page = (await get('/v1/lists/black/entries?limit=2')).json();
    expect(page.items).toHaveLength(2);
    const rest = (await get(`/v1/lists/black/entries?cursor=${page.nextCursor}`)).json();
    expect([...page.items, ...rest.items].map((e: { value: string }) => e.value).sort()).toEqual(['110101199001010099', '13900000001', '13900000002']);

    const removed = await app.inject({ method: 'DELETE', url: '/v1/lists/black/entries/phone/13900000002' });
    expect(removed.json()).toMatchObject({ removed: true });
    expect((await get('/v1/lists/lookup?type=phone&value=13900000002')).json().black).toBe(false);

    const listedPhone = (await post('/v1/decisions', application(50, { identity: { idNumber: '110101199001010050', phone: '13900000001' } }))).json();
    expect(listedPhone.outcome).toBe('reject');
  });

  it('documents every risk path in the OpenAPI document', async () => {
    const paths = Object.keys((await get('/openapi.json')).json().paths);
    for (const path of ['/v1/decisions', '/v1/decisions/{id}', '/v1/strategies', '/v1/strategies/{name}/versions/{version}', '/v1/strategies/deployments',
      '/v1/strategies/deployments/active', '/v1/lists/lookup', '/v1/lists/{list}/entries', '/v1/lists/{list}/entries/{type}/{value}', '/v1/lists/{list}/imports']) {
      expect(paths).toContain(path);
    }
  });
});
