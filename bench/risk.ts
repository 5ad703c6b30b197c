/**
 * `npm run bench:risk [-- --json] [-- --skip-import]`: the risk decision path in process.
 *
 * Builds, from seeded synthetic data: a strategy of 500 rules with a 20-feature scorecard, a
 * 10 M-entry black list, and velocity and identity-graph indexes over 1 M prior applications. Then
 * times full decisions (features + lists + velocity + graph + rules + scorecard + decision table; no
 * database) one by one, and compares the same 50-rule subset on our compiled closures against
 * json-rules-engine in the same run. Also times a 1 M-row list CSV import into the embedded database.
 * Prints a table; with --json, a last line of JSON.
 */
import { performance } from 'node:perf_hooks';
import { Engine } from 'json-rules-engine';
import { openDatabase } from '../src/db/open.ts';
import { instantFromEpochMs, manualClock } from '../src/kernel/instant.ts';
import { seededRandom, type Random } from '../src/kernel/random.ts';
import { normaliseApplication, type RiskApplication } from '../src/risk/features/application.ts';
import { BUILTIN_FEATURES } from '../src/risk/features/catalog.ts';
import { createTenantIndexes, recordApplication } from '../src/risk/features/compute-features.ts';
import { ListIndex } from '../src/risk/lists/list-index.ts';
import { createListService } from '../src/risk/lists/list-service.ts';
import { decideInMemory } from '../src/risk/decisions/decide.ts';
import { compileRuleSet, loadStrategy, type CompiledStrategy } from '../src/risk/strategy/compile.ts';
import type { Condition, FeatureValue, Rule, StrategyIssue } from '../src/risk/strategy/document.ts';
import type { FeatureLayout } from '../src/risk/strategy/expression.ts';
import type { Deployment } from '../src/risk/strategy/strategy-service.ts';
import type { Scorecard } from '../src/risk/scorecard/model.ts';

const JSON_OUT = process.argv.includes('--json');
const SKIP_IMPORT = process.argv.includes('--skip-import');
const RULES = 500;
const SUBSET_RULES = 50;
const SCORECARD_FEATURES = 20;
const BLACKLIST_ENTRIES = 10_000_000;
const PRIOR_APPLICATIONS = 1_000_000;
const PEOPLE = 600_000;
const WARMUP_DECISIONS = 5_000;
const TIMED_DECISIONS = 50_000;
const JRE_DECISIONS = 2_000;
const IMPORT_ROWS = 1_000_000;
const NOW_MS = Date.parse('2026-06-01T00:00:00.000Z');
const MONTH_MS = 30 * 24 * 3_600_000;

const log = (line: string): void => {
  if (!JSON_OUT) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

/** Plausible ranges for thresholds, per built-in feature. */
function rangeOf(feature: string): [number, number] {
  if (feature === 'requestedAmountMinor') return [100_000, 20_000_000];
  if (feature === 'monthlyIncomeMinor') return [200_000, 5_000_000];
  if (feature === 'termMonths') return [3, 36];
  if (feature === 'age') return [18, 70];
  if (feature === 'history.utilization') return [0, 1];
  if (feature === 'history.worstDaysPastDue') return [0, 180];
  if (feature.startsWith('velocity.')) return [1, 12];
  if (feature === 'graph.componentPeople' || feature === 'graph.componentApplications') return [2, 60];
  return [0, 4];
}

function randomLeaf(random: Random, features: readonly string[]): Condition {
  const feature = random.pick(features);
  const [lo, hi] = rangeOf(feature);
  const at = (): number => (hi - lo <= 4 ? random.int(lo, hi) : Math.round(lo + random.next() * (hi - lo)));
  const op = random.pick(['gt', 'gte', 'lt', 'lte', 'eq', 'ne', 'in', 'notIn', 'between'] as const);
  if (op === 'in' || op === 'notIn') return { feature, op, values: [at(), at(), at()] };
  if (op === 'between') {
    const a = at();
    const b = at();
    return { feature, op, min: Math.min(a, b), max: Math.max(a, b) };
  }
  return { feature, op, value: at() };
}

function randomCondition(random: Random, features: readonly string[], depth = 0): Condition {
  const roll = random.next();
  if (depth < 2 && roll < 0.25) return { all: [randomCondition(random, features, depth + 1), randomCondition(random, features, depth + 1)] };
  if (depth < 2 && roll < 0.4) return { any: [randomCondition(random, features, depth + 1), randomCondition(random, features, depth + 1)] };
  if (depth < 2 && roll < 0.45) return { not: randomCondition(random, features, depth + 1) };
  return randomLeaf(random, features);
}

function syntheticScorecard(random: Random, features: readonly string[]): Scorecard {
  return {
    kind: 'lendcore.scorecard',
    version: 1,
    target: { column: 'bad', bad: '1' },
    scaling: { basePoints: 600, baseOdds: 50, pdo: 20 },
    intercept: -1.5,
    basePoints: 400,
    features: features.slice(0, SCORECARD_FEATURES).map((name) => {
      const [lo, hi] = rangeOf(name);
      const cuts = [0.25, 0.5, 0.75].map((q) => lo + q * (hi - lo));
      return {
        name, kind: 'numeric' as const, coefficient: 1, iv: 0.1,
        bins: [...cuts.map((upper) => ({ upper, woe: 0, points: random.int(0, 30) })), { upper: null, woe: 0, points: random.int(0, 30) }],
        missingPoints: 10,
      };
    }),
  };
}

function syntheticStrategy(random: Random): { strategy: CompiledStrategy; rules: Rule[] } {
  const features = BUILTIN_FEATURES.filter((f) => !f.startsWith('list.'));
  // Like real policy rules, each fires rarely: a random condition joined to a tail threshold.
  const rareLeaf = (): Condition => {
    const feature = random.pick(features);
    const [lo, hi] = rangeOf(feature);
    return { feature, op: 'gt', value: lo + 0.9 * (hi - lo) };
  };
  const rules: Rule[] = Array.from({ length: RULES }, (_, i) => ({
    id: `R${String(i).padStart(3, '0')}`,
    when: { all: [randomCondition(random, features), rareLeaf()] },
    outcome: random.pick(['reject', 'review', 'review', 'approve'] as const),
    reason: `REASON_${i % 60}`,
  }));
  const cells = ['A', 'B', 'C'].flatMap((scoreBand, s) => ['low', 'high'].map((incomeBand, i) => ({
    scoreBand, incomeBand, limit: `${(3 - s) * 10_000 * (i + 1)}.00`, priceTier: `P${s + 1}`,
  })));
  const document = {
    kind: 'lendcore.strategy', name: 'bench-500', currency: 'CNY',
    features: { loanToIncome: { ratio: ['requestedAmountMinor', 'monthlyIncomeMinor'] } },
    lists: [
      { list: 'black', types: ['idNumber', 'phone', 'deviceId', 'bankCard'], outcome: 'reject', reason: 'BLACKLISTED' },
      { list: 'grey', types: ['idNumber', 'phone'], outcome: 'review', reason: 'GREYLISTED' },
    ],
    rules,
    scorecard: syntheticScorecard(random, features),
    cutoff: { reject: 450, review: 500 },
    scoreBands: [{ name: 'A', min: 600 }, { name: 'B', min: 500 }, { name: 'C', min: null }],
    decisionTable: { incomeBands: [{ name: 'low', monthlyIncomeMin: '0' }, { name: 'high', monthlyIncomeMin: '15000.00' }], cells },
  };
  const compiled = loadStrategy(document);
  if (!compiled.ok) throw new Error(`bench strategy does not compile: ${JSON.stringify(compiled.issues.slice(0, 3))}`);
  return { strategy: compiled.strategy, rules };
}

interface Person {
  idNumber: string;
  phone: string;
  deviceId: string;
  bankCard: string;
  address: string;
}

function person(i: number, random: Random): Person {
  // Rings: groups of people share a device; a few devices and addresses are shared widely.
  const ring = Math.floor(i / 5);
  return {
    idNumber: `11010119${String(700_000_000 + i)}`,
    phone: `13${String(100_000_000 + i)}`,
    deviceId: random.chance(0.2) ? `dev-ring-${ring}` : `dev-${i}`,
    bankCard: `6222${String(1_000_000_000_000 + i)}`,
    address: `district ${random.int(0, 2000)} road ${random.int(0, 50)} no ${i % 997}`,
  };
}

function applicationOf(n: number, p: Person, random: Random, atMs: number): RiskApplication {
  return {
    applicationId: `app_${n}`,
    customerId: `cus_${p.idNumber}`,
    appliedAt: instantFromEpochMs(atMs),
    requestedAmountMinor: BigInt(random.int(1_000, 50_000) * 100),
    monthlyIncomeMinor: BigInt(random.int(3_000, 40_000) * 100),
    termMonths: random.pick([3, 6, 12, 24]),
    age: random.int(20, 60),
    identity: {
      idNumber: p.idNumber,
      phone: p.phone,
      deviceId: p.deviceId,
      ip: random.chance(0.1) ? '202.120.1.1' : `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(0, 255)}`,
      bankCard: p.bankCard,
      address: p.address,
      // A contact is someone from the same small circle (random contacts would join everyone into one component).
      contacts: [`13${String(100_000_000 + Math.min(PEOPLE - 1, Math.floor(Number(p.phone.slice(2)) - 100_000_000) + random.int(1, 4)))}`],
    },
  };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function toJreCondition(c: Condition): Record<string, unknown> {
  const fact = (name: string): string => name.replaceAll('.', '_');
  if ('all' in c) return { all: c.all.map(toJreCondition) };
  if ('any' in c) return { any: c.any.map(toJreCondition) };
  if ('not' in c) return { not: toJreCondition(c.not) };
  const operator = { eq: 'equal', ne: 'notEqual', lt: 'lessThan', lte: 'lessThanInclusive', gt: 'greaterThan', gte: 'greaterThanInclusive', in: 'in', notIn: 'notIn' } as const;
  switch (c.op) {
    case 'between':
      return { all: [{ fact: fact(c.feature), operator: 'greaterThanInclusive', value: c.min }, { fact: fact(c.feature), operator: 'lessThanInclusive', value: c.max }] };
    case 'in':
    case 'notIn':
      return { fact: fact(c.feature), operator: operator[c.op], value: c.values };
    case 'isMissing':
      throw new Error('the benchmark subset has no isMissing');
    default:
      return { fact: fact(c.feature), operator: operator[c.op], value: c.value };
  }
}

async function main(): Promise<void> {
  const random = seededRandom(2026);
  const t0 = performance.now();
  const { strategy, rules } = syntheticStrategy(random);
  log(`strategy: ${RULES} rules, ${SCORECARD_FEATURES}-feature scorecard, compiled in ${(performance.now() - t0).toFixed(0)} ms`);

  let t = performance.now();
  const lists = new ListIndex({ black: BLACKLIST_ENTRIES });
  for (let i = 0; i < BLACKLIST_ENTRIES; i++) lists.add('black', i % 2 === 0 ? 'phone' : 'idNumber', i % 2 === 0 ? `15${String(100_000_000 + i)}` : `4401${String(10_000_000_000 + i)}`);
  const listMs = performance.now() - t;
  log(`black list: ${lists.size('black').toLocaleString()} entries in ${(lists.bytes() / 2 ** 20).toFixed(0)} MB (${(lists.bytes() / lists.size('black')).toFixed(1)} B/entry), built in ${(listMs / 1000).toFixed(1)} s`);

  t = performance.now();
  const indexes = createTenantIndexes(lists);
  const people = Array.from({ length: PEOPLE }, (_, i) => person(i, random));
  for (let n = 0; n < PRIOR_APPLICATIONS; n++) {
    const atMs = NOW_MS - MONTH_MS + Math.floor((n / PRIOR_APPLICATIONS) * MONTH_MS);
    const app = applicationOf(n, people[random.int(0, PEOPLE - 1)] as Person, random, atMs);
    const identity = normaliseApplication(app);
    if (!identity.ok) throw new Error(identity.message);
    recordApplication(indexes, identity.value, atMs);
  }
  const priorMs = performance.now() - t;
  log(`prior applications: ${PRIOR_APPLICATIONS.toLocaleString()} into velocity (${indexes.velocity.keys.toLocaleString()} keys) and graph (${indexes.graph.peopleCount.toLocaleString()} people, ${indexes.graph.identifierCount.toLocaleString()} identifiers) in ${(priorMs / 1000).toFixed(1)} s`);
  for (let i = 0; i < 2_000; i++) lists.add('black', 'phone', (people[random.int(0, PEOPLE - 1)] as Person).phone);

  const deployment: Deployment = { seq: 1, champion: { name: strategy.name, version: 1, compiled: strategy }, challenger: null, shadows: [] };
  const makeApplications = (count: number, from: number): { app: RiskApplication; identity: ReturnType<typeof normaliseApplication> }[] =>
    Array.from({ length: count }, (_, k) => {
      const app = applicationOf(PRIOR_APPLICATIONS + from + k, people[random.int(0, PEOPLE - 1)] as Person, random, NOW_MS + from + k);
      return { app, identity: normaliseApplication(app) };
    });

  const warm = makeApplications(WARMUP_DECISIONS, 0);
  for (const { app, identity } of warm) if (identity.ok) decideInMemory(indexes, deployment, app, identity.value, null);

  const timed = makeApplications(TIMED_DECISIONS, WARMUP_DECISIONS);
  // Every customer has some history, so no feature is missing and json-rules-engine (which compares
  // missing values as JavaScript does) must agree with our rule hits.
  const histories = Array.from({ length: 1_000 }, () => ({
    openLoans: random.int(0, 4), utilization: random.next(), worstDaysPastDue: random.pick([0, 0, 0, 5, 15, 40, 95]), writtenOff: random.chance(0.02),
  }));
  const historyOf = (i: number): (typeof histories)[number] => histories[i % histories.length]!;
  const micros = new Float64Array(TIMED_DECISIONS);
  const outcomes = { approve: 0, review: 0, reject: 0 };
  const vectors: FeatureValue[][] = [];
  const started = performance.now();
  for (let i = 0; i < TIMED_DECISIONS; i++) {
    const { app, identity } = timed[i]!;
    const s = performance.now();
    // Normalising the identity is part of the decision path, so it is inside the timing.
    const normalised = normaliseApplication(app);
    if (!normalised.ok || !identity.ok) throw new Error('bad synthetic application');
    const made = decideInMemory(indexes, deployment, app, normalised.value, historyOf(i));
    micros[i] = (performance.now() - s) * 1000;
    outcomes[made.effective.evaluation.outcome]++;
    if (i < JRE_DECISIONS) vectors.push(made.effective.evaluation.vector);
  }
  const elapsedS = (performance.now() - started) / 1000;
  micros.sort();
  const fullP50 = percentile(micros, 50);
  const fullP99 = percentile(micros, 99);
  const fullPerSec = TIMED_DECISIONS / elapsedS;

  // The same 50 rules: our compiled closures against json-rules-engine, on the same feature vectors.
  const subset = rules.slice(0, SUBSET_RULES);
  const layout: FeatureLayout = { slots: new Map(strategy.featureNames.map((name, slot) => [name, { slot, type: 'number' as const }])) };
  const issues: StrategyIssue[] = [];
  const compiledSubset = compileRuleSet(subset, layout, issues);
  if (issues.length > 0) throw new Error(JSON.stringify(issues));
  const engine = new Engine([], { allowUndefinedFacts: true });
  // json-rules-engine wants all/any/not at the root: a single leaf is wrapped in `all`.
  const jreRoot = (c: Condition): Record<string, unknown> => ('all' in c || 'any' in c || 'not' in c ? toJreCondition(c) : { all: [toJreCondition(c)] });
  subset.forEach((rule) => engine.addRule({ name: rule.id, conditions: jreRoot(rule.when) as never, event: { type: rule.outcome, params: { reason: rule.reason } } }));
  const factsOf = (v: FeatureValue[]): Record<string, unknown> => Object.fromEntries(strategy.featureNames.map((name, slot) => [name.replaceAll('.', '_'), v[slot]]));
  const facts = vectors.map(factsOf);

  let agree = 0;
  for (let i = 0; i < 200; i++) {
    const ours = compiledSubset.predicates.map((p, r) => (p(vectors[i]!) ? subset[r]!.id : null)).filter(Boolean).sort();
    const theirs = (await engine.run(facts[i])).results.map((r) => r.name as string).sort();
    if (JSON.stringify(ours) === JSON.stringify(theirs)) agree++;
  }
  for (let i = 0; i < 200; i++) await engine.run(facts[i]);
  let s = performance.now();
  for (let i = 0; i < JRE_DECISIONS; i++) await engine.run(facts[i]);
  const jreMicros = ((performance.now() - s) * 1000) / JRE_DECISIONS;

  const evalSubset = (v: FeatureValue[]): number => {
    let hits = 0;
    const predicates = compiledSubset.predicates;
    for (let r = 0; r < predicates.length; r++) if (predicates[r]!(v)) hits++;
    return hits;
  };
  const ROUNDS = 50;
  let sink = 0;
  for (let k = 0; k < 10; k++) for (const v of vectors) sink += evalSubset(v);
  s = performance.now();
  for (let k = 0; k < ROUNDS; k++) for (const v of vectors) sink += evalSubset(v);
  const oursMicros = ((performance.now() - s) * 1000) / (ROUNDS * vectors.length);
  const ratio = jreMicros / oursMicros;

  let importSeconds: number | null = null;
  if (!SKIP_IMPORT) {
    const db = await openDatabase({ dataDir: ':memory:' });
    const clock = manualClock(instantFromEpochMs(NOW_MS));
    const service = createListService({ db, clock });
    const lines = ['type,value,reason'];
    for (let i = 0; i < IMPORT_ROWS; i++) lines.push(i % 2 === 0 ? `phone,+86 16${String(100_000_000 + i)},fraud` : `bankCard,6217 ${String(1_000_000_000_000 + i)},`);
    const csv = `${lines.join('\n')}\n`;
    s = performance.now();
    const imported = await service.importCsv('ten_bench', 'black', csv);
    importSeconds = (performance.now() - s) / 1000;
    if (!imported.ok || imported.value.added !== IMPORT_ROWS) throw new Error(`import failed: ${JSON.stringify(imported)}`);
    await db.close();
  }

  const memoryMb = process.memoryUsage().rss / 2 ** 20;
  const rows: [string, string][] = [
    ['full decision p50', `${fullP50.toFixed(1)} µs`],
    ['full decision p99', `${fullP99.toFixed(1)} µs (target ≤ 2,000)`],
    ['full decisions per second (one core, sequential)', fullPerSec.toFixed(0)],
    ['outcomes (approve/review/reject)', `${outcomes.approve}/${outcomes.review}/${outcomes.reject}`],
    [`${SUBSET_RULES}-rule subset, compiled closures`, `${oursMicros.toFixed(3)} µs/decision`],
    [`${SUBSET_RULES}-rule subset, json-rules-engine`, `${jreMicros.toFixed(1)} µs/decision`],
    ['speed-up over json-rules-engine', `${ratio.toFixed(0)}× (target ≥ 50×); rule hits agree on ${agree}/200`],
    [`list CSV import, ${IMPORT_ROWS.toLocaleString()} rows, PGlite`, importSeconds === null ? 'skipped' : `${importSeconds.toFixed(1)} s (target < 30)`],
    ['resident memory', `${memoryMb.toFixed(0)} MB`],
  ];
  log('');
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) log(`${k.padEnd(width)}  ${v}`);
  if (sink < 0) log('');
  if (JSON_OUT) {
    process.stdout.write(`${JSON.stringify({
      fullStrategyP50Micros: Number(fullP50.toFixed(1)),
      fullStrategyP99Micros: Number(fullP99.toFixed(1)),
      fullStrategyPerSec: Math.round(fullPerSec),
      vsJsonRulesEngine: Number(ratio.toFixed(1)),
      subsetOursMicros: Number(oursMicros.toFixed(3)),
      subsetJsonRulesEngineMicros: Number(jreMicros.toFixed(1)),
      subsetHitsAgree: agree / 200,
      rules: RULES, scorecardFeatures: SCORECARD_FEATURES, blacklistEntries: BLACKLIST_ENTRIES,
      blacklistBytesPerEntry: Number((lists.bytes() / lists.size('black')).toFixed(2)),
      priorApplications: PRIOR_APPLICATIONS,
      listImportRows: IMPORT_ROWS, listImportSeconds: importSeconds === null ? null : Number(importSeconds.toFixed(1)),
      rssMb: Math.round(memoryMb),
    })}\n`);
  }
}

await main();
