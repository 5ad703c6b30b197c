/**
 * `npm run bench:api [-- --json] [-- --clients N] [-- --seconds S]`: the origination flow over real
 * HTTP on PostgreSQL (DATABASE_URL, required).
 *
 * Serves the wired app (`buildApp(wireServices(...))`, as `lendcore serve` does) on 127.0.0.1, port 0,
 * from a schema of its own (`bench_api`, dropped and made again each run), and runs N concurrent
 * clients (default 50) for S seconds (default 30, after a 3-second warm-up), each repeating, with
 * Node's fetch: register a new customer, then the flow — apply (decided at once; an approval carries
 * the offer) → read the offer → accept it (opens the credit line) → draw cash (the loan is booked and
 * disbursed on the ledger). Times every step, and the flow from apply to disbursed (the customer's
 * registration is timed apart, outside the flow). Prints a table; with --json, a last
 * line `{"p50Ms", "p99Ms", "loansPerSec"}` for the whole flow.
 */
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.ts';
import { wireServices } from '../src/compose.ts';
import { openDatabase } from '../src/db/open.ts';
import { connectPostgres } from '../src/db/postgres.ts';
import { addDays, localDate } from '../src/kernel/local-date.ts';
import { prcCheckCharacter } from '../src/lending/customers/id-number.ts';

const JSON_OUT = process.argv.includes('--json');
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const CLIENTS = option('clients', 50);
const SECONDS = option('seconds', 30);
const WARMUP_SECONDS = 3;
const POOL = option('pool', 16);
const SCHEMA = 'bench_api';
const STEPS = ['customer', 'apply', 'offer', 'accept', 'disburse'] as const;
type Step = (typeof STEPS)[number] | 'flow';

const cashProduct = {
  type: 'cashLoan',
  currency: 'CNY',
  amount: { min: '500.00', max: '50000.00' },
  terms: [3, 6, 12],
  pricing: { kind: 'interest', rate: { value: '18', per: 'year' } },
  offerExample: { amount: '10000.00', term: 12 },
};

const log = (line: string): void => {
  (JSON_OUT ? process.stderr : process.stdout).write(`${line}\n`);
};

/** A valid, unique PRC resident id per flow: birth dates from 1975 on, 1,000 sequence numbers each. */
function idNumberOf(n: number): { idNumber: string; birthOn: string } {
  const birthOn = addDays(localDate('1975-01-01'), Math.floor(n / 1000) % 9000);
  const first17 = `110105${birthOn.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  return { idNumber: first17 + prcCheckCharacter(first17), birthOn };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('bench:api runs on PostgreSQL: set DATABASE_URL');
  const admin = connectPostgres({ connectionString: url, maxConnections: 1 });
  await admin.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  await admin.query(`CREATE SCHEMA ${SCHEMA}`);
  await admin.close();

  const services = wireServices(await openDatabase({ url, schema: SCHEMA, maxConnections: POOL }));
  const app = await buildApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1`;
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  try {
    await call('POST', '/products', { id: 'cash', document: cashProduct });
    const samples = new Map<Step, number[]>(['flow', ...STEPS].map((s) => [s as Step, []]));
    let flows = 0;
    let next = 0;
    let recording = false;
    const warmupEnds = performance.now() + WARMUP_SECONDS * 1000;
    const ends = warmupEnds + SECONDS * 1000;

    const flow = async (): Promise<void> => {
      const n = next++;
      const times: [Step, number][] = [];
      const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
        const started = performance.now();
        const value = await work();
        times.push([step, performance.now() - started]);
        return value;
      };
      const person = idNumberOf(n);
      const customer = await timed('customer', () => call('POST', '/customers', { ...person, name: `Bench ${n}`, phone: `139${String(n).padStart(8, '0')}` }));
      const started = performance.now();
      const applied = await timed('apply', () => call('POST', '/credit-line-applications', { customerId: customer.id, productId: 'cash', monthlyIncome: '12000.00' }));
      const offerId = (applied.offer as { id: string } | null)?.id;
      if (!offerId) throw new Error(`application not approved: ${JSON.stringify(applied)}`);
      await timed('offer', () => call('GET', `/offers/${offerId}`));
      const line = await timed('accept', () => call('POST', `/offers/${offerId}/accept`, {}));
      await timed('disburse', () => call('POST', `/credit-lines/${line.id as string}/drawdowns`, { amount: '3000.00', term: 6 }));
      times.push(['flow', performance.now() - started]);
      if (recording) {
        flows++;
        for (const [step, ms] of times) samples.get(step)!.push(ms);
      }
    };
    const client = async (): Promise<void> => {
      while (performance.now() < ends) {
        recording = performance.now() >= warmupEnds;
        await flow();
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const seconds = (performance.now() - warmupEnds) / 1000;

    log(`${CLIENTS} clients, ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up, pool of ${POOL} connections: ${flows} flows (apply → disbursed)`);
    const rows = [['step', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']];
    for (const step of [...STEPS, 'flow'] as Step[]) {
      const sorted = samples.get(step)!.sort((a, b) => a - b);
      rows.push([step, String(sorted.length), ...[50, 90, 99, 100].map((p) => percentile(sorted, p).toFixed(1))]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    const flowSorted = samples.get('flow')!;
    const p50Ms = Number(percentile(flowSorted, 50).toFixed(1));
    const p99Ms = Number(percentile(flowSorted, 99).toFixed(1));
    const loansPerSec = Number((flows / seconds).toFixed(1));
    log(`whole flow: p50 ${p50Ms} ms, p99 ${p99Ms} ms (target ≤ 50), ${loansPerSec} loans/s`);
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ p50Ms, p99Ms, loansPerSec })}\n`);
  } finally {
    await app.close();
    await services.close();
  }
}

await main();
