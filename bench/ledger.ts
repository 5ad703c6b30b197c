/**
 * Ledger throughput as API callers see it: 64 concurrent clients, each submitting one transfer per
 * request and awaiting the answer before sending the next (no client-side batching), so every batch
 * the engine commits is made of whatever concurrent callers had in flight.
 *
 * Phases, each for a fixed time after a short warm-up: (a) uniform random debit/credit over 10,000
 * accounts, (b) one hot merchant account credited by every transfer — on the batched engine and on
 * the baseline of one database transaction per transfer (bench/baseline-ledger.ts), same database,
 * same schema, same clients. Runs on PostgreSQL when DATABASE_URL is set, then on PGlite in a
 * temporary directory. Prints a table; with `--json` the last line is one JSON object.
 *
 *   npm run bench:ledger -- [--json] [--seconds=N]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open.ts';
import { openPglite } from '../src/db/pglite.ts';
import { connectPostgres } from '../src/db/postgres.ts';
import { businessDateOf, systemClock } from '../src/kernel/instant.ts';
import { seededRandom, type Random } from '../src/kernel/random.ts';
import { createLedger, type Ledger } from '../src/ledger/ledger.ts';
import { createBaselineLedger, type BaselineLedger } from './baseline-ledger.ts';
import { dropBenchSchema } from './schemas.ts';

const CLIENTS = 64;
const ACCOUNTS = 10_000;
const TENANT = 'bench';
const HOT_ACCOUNT = 'merchant';
/**
 * The baseline's pool, its best case measured on these 2-core machines (uniform phase, three runs
 * each): 16 connections 2,348–2,442/s, 10 connections 2,243–2,276/s, one a client (64) 2,010–2,338/s.
 */
const BASELINE_CONNECTIONS = 16;
const ACCOUNT_CREATE_CHUNK = 1_000;

interface Options {
  readonly json: boolean;
  readonly seconds: number;
}

function parseArgs(argv: readonly string[]): Options {
  let json = false;
  let seconds = 10;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg.startsWith('--seconds=')) seconds = Number(arg.slice('--seconds='.length));
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!(seconds > 0)) throw new Error('--seconds must be positive');
  return { json, seconds };
}

interface PhaseResult {
  readonly phase: string;
  readonly transfers: number;
  readonly perSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly failures: number;
}

/** One request: resolves true when the transfer was acknowledged as created. */
type Send = (client: number, n: number, random: Random) => Promise<boolean>;

/** Runs CLIENTS closed-loop clients for `seconds`; latency is per request, submit to acknowledgement. */
async function runClients(phase: string, seconds: number, send: Send): Promise<PhaseResult> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  // A deadline read by every client, not a timer: on PGlite a transaction may resolve through
  // microtasks alone, and a timer would then never get its turn.
  const deadline = started + seconds * 1000;
  const client = async (c: number): Promise<void> => {
    const random = seededRandom(c + 1);
    for (let n = 0; performance.now() < deadline; n++) {
      const t0 = performance.now();
      const ok = await send(c, n, random);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { phase, transfers: latencies.length, perSec: latencies.length / elapsedSeconds, p50Ms: at(0.5), p99Ms: at(0.99), failures };
}

function accountId(i: number): string {
  return `acc_${i}`;
}

/** A debit/credit pair: uniform over the accounts, or every transfer crediting the hot account. */
function pickAccounts(random: Random, hot: boolean): [string, string] {
  const debit = random.int(0, ACCOUNTS - 1);
  if (hot) return [accountId(debit), HOT_ACCOUNT];
  let credit = random.int(0, ACCOUNTS - 2);
  if (credit >= debit) credit++;
  return [accountId(debit), accountId(credit)];
}

function batchedSend(ledger: Ledger, prefix: string, hot: boolean): Send {
  return async (client, n, random) => {
    const [debitAccountId, creditAccountId] = pickAccounts(random, hot);
    const amount = BigInt(random.int(1, 100_000));
    const result = await ledger.createTransfers(TENANT, [{ id: `${prefix}_${client}_${n}`, debitAccountId, creditAccountId, amount, ledger: 'CNY', code: 1 }]);
    return result.ok && result.value[0] === 'ok';
  };
}

function baselineSend(baseline: BaselineLedger, prefix: string, hot: boolean): Send {
  return async (client, n, random) => {
    const [debitAccountId, creditAccountId] = pickAccounts(random, hot);
    const amount = BigInt(random.int(1, 100_000));
    return (await baseline.createTransfer(TENANT, { id: `${prefix}_${client}_${n}`, debitAccountId, creditAccountId, amount, ledger: 'CNY', code: 1 })) === 'ok';
  };
}

interface Engine {
  readonly name: 'postgres' | 'pglite';
  /** The batched engine's database. */
  readonly db: Database;
  /** The baseline's database: the same tables, possibly through a larger pool. */
  readonly baselineDb: Database;
  close(): Promise<void>;
}

async function openPostgresEngine(url: string): Promise<Engine> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = connectPostgres({ connectionString: url, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ url, schema, maxConnections: 8 });
  const baselineDb = connectPostgres({ connectionString: url, schema, maxConnections: BASELINE_CONNECTIONS });
  return {
    name: 'postgres',
    db,
    baselineDb,
    async close() {
      await baselineDb.close();
      await db.close();
      await dropBenchSchema(admin, schema);
      await admin.close();
    },
  };
}

async function openPgliteEngine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'lendcore-bench-'));
  // Opened directly, not through openDatabase, which would pick PostgreSQL when DATABASE_URL is set.
  const db = await openPglite(dir);
  await migrate(db);
  return {
    name: 'pglite',
    db,
    baselineDb: db,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface EngineReport {
  readonly engine: string;
  readonly phases: PhaseResult[];
  readonly rssMb: number;
  readonly json: { batchedPerSec: number; baselinePerSec: number; ratio: number; hotAccountPerSec: number; p99Ms: number; rssMb: number };
}

async function benchEngine(engine: Engine, seconds: number, log: (line: string) => void): Promise<EngineReport> {
  let rssMax = 0;
  const sampleRss = (): void => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  };
  const sampler = setInterval(sampleRss, 100);
  try {
    const ledger = createLedger({ db: engine.db, clock: systemClock });
    const baseline = createBaselineLedger(engine.baselineDb, systemClock, businessDateOf(systemClock.now(), 'Asia/Shanghai'));
    for (let from = 0; from < ACCOUNTS; from += ACCOUNT_CREATE_CHUNK) {
      const chunk = Array.from({ length: Math.min(ACCOUNT_CREATE_CHUNK, ACCOUNTS - from) }, (_, i) => ({ id: accountId(from + i), ledger: 'CNY', code: 1 }));
      const created = await ledger.createAccounts(TENANT, chunk);
      if (!created.ok || created.value.some((r) => r !== 'ok')) throw new Error(`account set-up failed: ${JSON.stringify(created).slice(0, 200)}`);
    }
    await ledger.createAccounts(TENANT, [{ id: HOT_ACCOUNT, ledger: 'CNY', code: 2 }]);

    const warmUp = Math.min(2, seconds / 5);
    const phases: PhaseResult[] = [];
    const phase = async (name: string, send: (prefix: string) => Send): Promise<PhaseResult> => {
      log(`  ${engine.name}: ${name}…`);
      await runClients(name, warmUp, send(`w${phases.length}`));
      const result = await runClients(name, seconds, send(`p${phases.length}`));
      sampleRss(); // the sampling timer may not have run during a phase that never yields to timers
      phases.push(result);
      return result;
    };
    const uniform = await phase('batched, uniform', (p) => batchedSend(ledger, p, false));
    const hot = await phase('batched, hot account', (p) => batchedSend(ledger, p, true));
    const base = await phase('baseline, uniform', (p) => baselineSend(baseline, p, false));
    await phase('baseline, hot account', (p) => baselineSend(baseline, p, true));

    const trial = await ledger.trialBalance(TENANT, 'CNY');
    if (!trial.balanced) throw new Error(`${engine.name}: the trial balance does not tie`);
    sampleRss();
    const rssMb = rssMax / 2 ** 20;
    return {
      engine: engine.name,
      phases,
      rssMb,
      json: {
        batchedPerSec: Math.round(uniform.perSec),
        baselinePerSec: Math.round(base.perSec),
        ratio: round2(uniform.perSec / base.perSec),
        hotAccountPerSec: Math.round(hot.perSec),
        // The worse of the two batched phases: the acknowledgement latency a caller can count on.
        p99Ms: round2(Math.max(uniform.p99Ms, hot.p99Ms)),
        rssMb: Math.round(rssMb),
      },
    };
  } finally {
    clearInterval(sampler);
    await engine.close();
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function printTable(reports: readonly EngineReport[]): void {
  const header = ['engine', 'phase', 'transfers', 'transfers/s', 'p50 ms', 'p99 ms', 'failures'];
  const rows = reports.flatMap((r) =>
    r.phases.map((p) => [r.engine, p.phase, String(p.transfers), Math.round(p.perSec).toLocaleString('en-US'), p.p50Ms.toFixed(2), p.p99Ms.toFixed(2), String(p.failures)]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('');
  for (const r of reports) {
    console.log(`${r.engine}: batched/baseline ${r.json.ratio}×, batched p99 ${r.json.p99Ms} ms, max RSS ${r.json.rssMb} MB`);
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.error(line);
  const url = process.env.DATABASE_URL;
  console.log(`ledger bench: ${CLIENTS} clients, one transfer per request, ${ACCOUNTS.toLocaleString('en-US')} accounts, ${options.seconds} s per phase`);
  const reports: EngineReport[] = [];
  if (url) reports.push(await benchEngine(await openPostgresEngine(url), options.seconds, log));
  reports.push(await benchEngine(await openPgliteEngine(), options.seconds, log));
  printTable(reports);
  if (options.json) console.log(JSON.stringify(Object.fromEntries(reports.map((r) => [r.engine, r.json]))));
}

await main();
