import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { createIdGenerator } from '../kernel/ids.ts';
import { manualClock, type Instant } from '../kernel/instant.ts';
import { expectOk } from '../kernel/result.ts';
import { seededRandom } from '../kernel/random.ts';
import type { RiskApplication } from './features/application.ts';
import type { CustomerHistoryPort } from './features/history.ts';
import { createRiskServices, type RiskServices } from './services.ts';

const DEFAULT_TEXT = readFileSync(new URL('./strategies/default-consumer.json', import.meta.url), 'utf8');
const TENANT = 'ten_test';

function application(n: number, overrides: Partial<RiskApplication> = {}): RiskApplication {
  return {
    applicationId: `app_${n}`,
    customerId: `cus_${n}`,
    appliedAt: '2026-03-01T10:00:00.000Z' as Instant,
    requestedAmountMinor: 3_000_000n,
    monthlyIncomeMinor: 1_500_000n,
    termMonths: 12,
    age: 30,
    identity: { idNumber: `11010119900101${String(n).padStart(4, '0')}`, phone: `1380000${String(n).padStart(4, '0')}`, deviceId: `dev-${n}`, ip: `10.0.${n}.1` },
    fields: { employmentType: 'salaried' },
    ...overrides,
  };
}

describe('risk services on the database', () => {
  let db: Database;
  let risk: RiskServices;
  const clock = manualClock('2026-03-01T10:00:00.000Z' as Instant);
  const writtenOff = new Set<string>();
  const history: CustomerHistoryPort = {
    historiesOf: async (_tenant, customerIds) =>
      new Map(customerIds.filter((id) => writtenOff.has(id)).map((id) => [id, { openLoans: 0, utilization: null, worstDaysPastDue: 200, writtenOff: true }])),
  };
  let processes = 0;
  const services = (): RiskServices => createRiskServices({ db, clock, ids: createIdGenerator(clock, seededRandom(++processes)), history });

  beforeAll(async () => {
    db = await openTestDatabase();
    risk = services();
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses to decide before a strategy is active', async () => {
    expect(await risk.decisions.decide(TENANT, application(1))).toMatchObject({ ok: false, code: 'no_active_strategy' });
  });

  it('publishes versions, and an invalid document leaves the active strategy untouched', async () => {
    const v1 = expectOk(await risk.strategies.publish(TENANT, DEFAULT_TEXT));
    expect(v1).toEqual({ name: 'default-consumer', version: 1, created: true });
    expect(expectOk(await risk.strategies.publish(TENANT, DEFAULT_TEXT))).toEqual({ name: 'default-consumer', version: 1, created: false });
    expectOk(await risk.strategies.activate(TENANT, { champion: v1 }));
    const broken = JSON.parse(DEFAULT_TEXT);
    broken.rules[3].when = { all: [{ feature: 'age', op: 'gt', value: 1 }, { feature: 'age', op: 'gtt', value: 1 }] };
    const refused = await risk.strategies.publish(TENANT, JSON.stringify(broken));
    expect(refused).toMatchObject({ ok: false, code: 'invalid_strategy', param: 'rules[3].when.all[1].op' });
    expect(await risk.strategies.activate(TENANT, { champion: { name: 'default-consumer', version: 2 } })).toMatchObject({ ok: false, code: 'strategy_not_found' });
    expect((await risk.strategies.deployment(TENANT))?.champion.version).toBe(1);
  });

  it('decides, stores the decision append-only, and reads it back with its explanation', async () => {
    const decision = expectOk(await risk.decisions.decide(TENANT, application(1)));
    expect(decision).toMatchObject({ outcome: 'approve', limitMinor: 3_000_000n, priceTier: 'P2', role: 'champion', effective: true, strategy: { name: 'default-consumer', version: 1 } });
    expect(decision.features['velocity.idNumber.day']).toBe(0);
    const read = expectOk(await risk.decisions.get(TENANT, decision.decisionId));
    expect(read.decision).toEqual(decision);
    expect(read.explanation.scorecard.map((f) => f.feature)).toContain('employmentType');
    await expect(db.query('UPDATE risk_decisions SET outcome = $1 WHERE decision_id = $2', ['reject', decision.decisionId])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM risk_decisions WHERE decision_id = $1', [decision.decisionId])).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE risk_decisions')).rejects.toThrow(/append-only/);
    expect(await risk.decisions.get(TENANT, 'dec_nope')).toMatchObject({ ok: false, code: 'decision_not_found' });
  });

  it('answers a repeated application id with the stored decision', async () => {
    const first = expectOk(await risk.decisions.decide(TENANT, application(1)));
    const again = expectOk(await risk.decisions.decide(TENANT, application(1)));
    expect(again.decisionId).toBe(first.decisionId);
  });

  it('counts velocity across decisions and rebuilds it after a restart', async () => {
    const sameDevice = (n: number): RiskApplication => application(n, { identity: { ...application(n).identity, deviceId: 'dev-shared' } });
    for (let n = 10; n < 14; n++) expectOk(await risk.decisions.decide(TENANT, sameDevice(n)));
    const restarted = services();
    const fifth = expectOk(await restarted.decisions.decide(TENANT, sameDevice(14)));
    expect(fifth.features['velocity.deviceId.day']).toBe(4);
    expect(fifth.features['graph.deviceIdNumbers']).toBe(5);
    expect(fifth.features['graph.componentPeople']).toBe(5);
    expect(fifth.outcome).toBe('reject');
    expect(fifth.reasonCodes).toEqual(['SHARED_DEVICE']);
  });

  it('rejects on a black-listed phone and flags written-off links in the graph', async () => {
    expectOk(await risk.lists.add(TENANT, { list: 'black', type: 'phone', value: '+86 138-0000-0020' }));
    const listed = expectOk(await risk.decisions.decide(TENANT, application(20)));
    expect(listed.outcome).toBe('reject');
    expect(listed.reasonCodes).toEqual(['BLACKLISTED']);
    writtenOff.add('cus_21');
    expectOk(await risk.decisions.decide(TENANT, application(21, { identity: { ...application(21).identity, bankCard: '6222000011112222' } })));
    const linked = expectOk(await risk.decisions.decide(TENANT, application(22, { identity: { ...application(22).identity, bankCard: '6222 0000 1111 2222' } })));
    expect(linked.features['graph.writtenOffLinks']).toBe(1);
    expect(linked.outcome).toBe('review');
    expect(linked.reasonCodes).toContain('LINKED_TO_BAD_CUSTOMER');
  });

  it('splits champion and challenger by customer bucket and records shadows without effect', async () => {
    const lenient = JSON.parse(DEFAULT_TEXT);
    lenient.name = 'lenient';
    lenient.rules = lenient.rules.filter((r: { id: string }) => r.id !== 'P01');
    const strict = JSON.parse(DEFAULT_TEXT);
    strict.name = 'strict';
    strict.cutoff = { reject: 1000 };
    const challenger = expectOk(await risk.strategies.publish(TENANT, JSON.stringify(lenient)));
    const shadow = expectOk(await risk.strategies.publish(TENANT, JSON.stringify(strict)));
    expect(await risk.strategies.activate(TENANT, { champion: { name: 'default-consumer', version: 1 }, challenger: { ...challenger, percent: 90 } })).toMatchObject({ ok: false, code: 'invalid_deployment' });
    expectOk(await risk.strategies.activate(TENANT, { champion: { name: 'default-consumer', version: 1 }, challenger: { ...challenger, percent: 50 }, shadows: [shadow] }));
    const roles = new Set<string>();
    for (let n = 100; n < 130; n++) {
      const decision = expectOk(await risk.decisions.decide(TENANT, application(n, { age: 17 })));
      roles.add(decision.role);
      expect(decision.outcome).toBe(decision.role === 'challenger' ? 'approve' : 'reject');
      expect(decision.strategy.name).toBe(decision.role === 'challenger' ? 'lenient' : 'default-consumer');
      const all = await risk.decisions.forApplication(TENANT, `app_${n}`);
      expect(all.map((d) => [d.role, d.effective, d.strategy.name])).toEqual([[decision.role, true, decision.strategy.name], ['shadow', false, 'strict']]);
      expect(all[1]?.outcome).toBe('reject');
    }
    expect(roles).toEqual(new Set(['champion', 'challenger']));
  });

  it('refuses an invalid application, naming the field', async () => {
    expect(await risk.decisions.decide(TENANT, application(200, { requestedAmountMinor: 0n }))).toMatchObject({ ok: false, code: 'invalid_application', param: 'requestedAmountMinor' });
    expect(await risk.decisions.decide(TENANT, application(201, { identity: { idNumber: ' ' } }))).toMatchObject({ ok: false, code: 'invalid_application', param: 'identity.idNumber' });
  });
});

describe('list import', () => {
  let db: Database;
  let risk: RiskServices;
  const clock = manualClock('2026-03-01T10:00:00.000Z' as Instant);
  beforeAll(async () => {
    db = await openTestDatabase();
    risk = createRiskServices({ db, clock, ids: createIdGenerator(clock) });
  });
  afterAll(async () => {
    await db.close();
  });

  it('imports a CSV, skipping values already listed, and reloads from the table', async () => {
    const csv = 'type,value,reason\nphone,+86 13900000001,fraud\nidNumber,110101199001010001,\nphone,13900000001,dup\n';
    expect(expectOk(await risk.lists.importCsv(TENANT, 'black', csv))).toEqual({ rows: 3, added: 2 });
    expect(expectOk(await risk.lists.check(TENANT, 'phone', '139-0000-0001'))).toEqual({ black: true, grey: false, white: false });
    const reloaded = createRiskServices({ db, clock, ids: createIdGenerator(clock) });
    expect(expectOk(await reloaded.lists.check(TENANT, 'idNumber', '110101199001010001')).black).toBe(true);
    expectOk(await reloaded.lists.remove(TENANT, { list: 'black', type: 'phone', value: '13900000001' }));
    expect(expectOk(await reloaded.lists.check(TENANT, 'phone', '13900000001')).black).toBe(false);
  });

  it.each([
    ['a missing column', 'type,reason\nphone,x\n', 'missing column "value"'],
    ['an unknown type', 'type,value\nphone,1\nemail,a@b.c\n', 'row 2, column type: unknown identifier type "email"'],
    ['an empty value', 'type,value\nbankCard,--\n', 'row 1, column value: empty bankCard'],
    ['a row with too many columns', 'type,value\nphone,1,extra\n', 'not valid CSV'],
    ['an empty file', '', 'the file is empty'],
  ])('refuses %s and imports nothing', async (_name, csv, message) => {
    const before = await db.query('SELECT count(*) AS n FROM risk_list_entries');
    const result = await risk.lists.importCsv(TENANT, 'grey', csv);
    expect(result).toMatchObject({ ok: false, code: 'invalid_csv' });
    expect(result.ok ? '' : result.message).toContain(message);
    expect(await db.query('SELECT count(*) AS n FROM risk_list_entries')).toEqual(before);
  });

  it('refuses an unknown list', async () => {
    expect(await risk.lists.importCsv(TENANT, 'red', 'type,value\nphone,1\n')).toMatchObject({ ok: false, code: 'invalid_list_entry', param: 'list' });
  });
});
