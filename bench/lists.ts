/**
 * `npm run bench:lists [-- --json] [-- --rows N] [-- --engine postgres|pglite]`: the list CSV import
 * (`ListService.importCsv`: parse, check, write in one transaction, load the in-memory set) of 1 M
 * seeded identifiers in random order, into an empty black list, on PostgreSQL and on PGlite. Then
 * imports the same file again, which must add nothing (the import is idempotent).
 * PostgreSQL is DATABASE_URL or postgres://postgres@127.0.0.1:5432/lendcore_dev, in a private schema
 * dropped afterwards; PGlite is in memory. Target: 1 M rows in under 30 s on each.
 * Prints a table; with --json, a last line {"postgres": {rows, seconds, rowsPerSec}, "pglite": {…}}.
 */
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database.ts';
import { openDatabase } from '../src/db/open.ts';
import { connectPostgres } from '../src/db/postgres.ts';
import { formatTable } from '../src/cli/text-table.ts';
import { manualClock, type Instant } from '../src/kernel/instant.ts';
import { seededRandom } from '../src/kernel/random.ts';
import { createListService } from '../src/risk/lists/list-service.ts';
import { dropBenchSchema } from './schemas.ts';

type Engine = 'postgres' | 'pglite';

const JSON_OUT = process.argv.includes('--json');
const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const ROWS = Number(argValue('--rows') ?? 1_000_000);
const ENGINES: Engine[] = argValue('--engine') ? [argValue('--engine') as Engine] : ['postgres', 'pglite'];
const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lendcore_dev';
const TARGET_SECONDS = 30;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * A list export: phones, ID numbers, bank cards and devices, distinct, in scattered order, as
 * operators send them. `n` walks 0–1e9 by a step coprime to it, so values never repeat.
 */
function syntheticCsv(rows: number): string {
  const random = seededRandom(20260301);
  const start = random.int(0, 999_999_999);
  const lines = ['type,value,reason'];
  for (let i = 0; i < rows; i++) {
    const n = (start + i * 7_919_003) % 1_000_000_000;
    switch (i % 4) {
      case 0: lines.push(`phone,+86 13${String(n).padStart(9, '0')},fraud`); break;
      case 1: lines.push(`idNumber,4401${String(n).padStart(10, '0')}${String(i).padStart(4, '0').slice(-4)},`); break;
      case 2: lines.push(`bankCard,6217 ${String(n).padStart(9, '0')}${String(i).padStart(7, '0')},chargeback`); break;
      default: lines.push(`deviceId,DEV-${n.toString(16)}-${i.toString(16)},`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function withDatabase<T>(engine: Engine, work: (db: Database) => Promise<T>): Promise<T> {
  if (engine === 'pglite') {
    const db = await openDatabase({ dataDir: ':memory:' });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }
  const schema = `bench_lists_${randomBytes(4).toString('hex')}`;
  const admin = connectPostgres({ connectionString: POSTGRES_URL, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ url: POSTGRES_URL, schema, maxConnections: 2 });
  try {
    return await work(db);
  } finally {
    await db.close();
    await dropBenchSchema(admin, schema);
    await admin.close();
  }
}

interface Measured {
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSec: number;
  readonly againSeconds: number;
}

async function measure(engine: Engine, csv: string): Promise<Measured> {
  return withDatabase(engine, async (db) => {
    const lists = createListService({ db, clock: manualClock('2026-03-01T00:00:00.000Z' as Instant) });
    await lists.indexFor('ten_bench');
    const started = performance.now();
    const first = await lists.importCsv('ten_bench', 'black', csv);
    const seconds = (performance.now() - started) / 1000;
    if (!first.ok || first.value.added !== ROWS) throw new Error(`import failed: ${JSON.stringify(first)}`);
    const againStarted = performance.now();
    const again = await lists.importCsv('ten_bench', 'black', csv);
    const againSeconds = (performance.now() - againStarted) / 1000;
    if (!again.ok || again.value.added !== 0) throw new Error(`a repeated import added rows: ${JSON.stringify(again)}`);
    log(`${engine}: ${ROWS.toLocaleString()} rows in ${seconds.toFixed(1)} s; again (all present) in ${againSeconds.toFixed(1)} s`);
    return { rows: ROWS, seconds: Number(seconds.toFixed(2)), rowsPerSec: Math.round(ROWS / seconds), againSeconds: Number(againSeconds.toFixed(2)) };
  });
}

async function main(): Promise<void> {
  const csv = syntheticCsv(ROWS);
  log(`list CSV import: ${ROWS.toLocaleString()} rows, ${(csv.length / 2 ** 20).toFixed(0)} MB of CSV`);
  const results: Partial<Record<Engine, Measured>> = {};
  for (const engine of ENGINES) results[engine] = await measure(engine, csv);
  const table = ENGINES.map((engine) => {
    const r = results[engine] as Measured;
    return [engine, r.rows.toLocaleString(), r.seconds.toFixed(1), r.rowsPerSec.toLocaleString(), r.againSeconds.toFixed(1), r.seconds < TARGET_SECONDS ? 'met' : 'MISSED'];
  });
  log('');
  log(formatTable(['engine', 'rows', 'seconds', 'rows/s', 'again, s', `< ${TARGET_SECONDS} s`], table, [false, true, true, true, true, false]));
  if (JSON_OUT) {
    const summary = Object.fromEntries(ENGINES.map((e) => {
      const { rows, seconds, rowsPerSec } = results[e] as Measured;
      return [e, { rows, seconds, rowsPerSec }];
    }));
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  }
}

await main();
