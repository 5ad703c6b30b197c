/**
 * `npm run bench:api [-- --json] [-- --clients N] [-- --seconds S] [-- --rate R]`: the origination
 * flow over real HTTP on PostgreSQL (DATABASE_URL, required).
 *
 * Serves the wired app (`buildApp(wireServices(...))`, as `lendcore serve` does) on 127.0.0.1, port 0,
 * from a schema of its own (`bench_api`, dropped and made again each run). N concurrent clients
 * (default 50) run in a child process (bench/api-clients.ts): they onboard their customers first,
 * untimed, then for S seconds (default 30, after a 3-second warm-up) each repeats apply → offer →
 * accept → disbursed with a customer of its own: at once (a closed loop, the measure), or, with
 * --rate, R flows a second in all on a fixed beat (latency at an offered load; bench/api-clients.ts).
 * Prints a table of every step, of all requests together and of the whole flow from apply to disbursed,
 * the CPU a flow cost the server, the clients and PostgreSQL (bench/cpu-use.ts), and, after a closed
 * loop, its floor: the same clients making four reads in a row, against which the flow's rate is
 * reported as a ratio (bench/api-clients.ts). With --json, a last line `{"p50Ms", "p99Ms",
 * "loansPerSec"}` for the whole flow.
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.ts';
import { wireServices } from '../src/compose.ts';
import { openDatabase } from '../src/db/open.ts';
import { STEPS, type ClientsMessage, type ClientsReport } from './api-clients.ts';
import { cpuSince, markCpu, type CpuMark, type CpuUse } from './cpu-use.ts';
import { freshBenchSchema } from './schemas.ts';

const JSON_OUT = process.argv.includes('--json');
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const CLIENTS = option('clients', 50);
const SECONDS = option('seconds', 30);
const WARMUP_SECONDS = 3;
const POOL = option('pool', 16);
const RATE = process.argv.includes('--rate') ? option('rate', 0) : null;
const SCHEMA = 'bench_api';

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

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Runs the clients in a child process against `base` and resolves with what they measured;
 * `onMeasuring` runs when their warm-up ends, `onMeasured` when their measured seconds do (before
 * any floor), with the CPU the clients used in them.
 */
function runClients(base: string, onMeasuring: () => void, onMeasured: (clientsCpuMicros: number) => void): Promise<ClientsReport> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./api-clients.ts', import.meta.url), [base, String(CLIENTS), String(WARMUP_SECONDS), String(SECONDS), ...(RATE === null ? [] : [String(RATE)])], {
      execArgv: ['--import', 'tsx'],
    });
    let report: ClientsReport | undefined;
    child.on('message', (message: ClientsMessage) => {
      if (message.kind === 'measuring') onMeasuring();
      else if (message.kind === 'measured') onMeasured(message.cpuMicros);
      else report = message;
    });
    child.on('error', reject);
    child.on('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`the clients exited with code ${code}`))));
  });
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('bench:api runs on PostgreSQL: set DATABASE_URL');
  if (RATE !== null && !(RATE > 0)) throw new Error('--rate takes a positive number of flows a second');
  await freshBenchSchema(url, SCHEMA);

  const services = wireServices(await openDatabase({ url, schema: SCHEMA, maxConnections: POOL }));
  const app = await buildApp(services);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1`;

  try {
    const created = await app.inject({ method: 'POST', url: '/v1/products', payload: { id: 'cash', document: cashProduct } });
    if (created.statusCode >= 300) throw new Error(`product: ${created.statusCode} ${created.body}`);
    let mark: CpuMark | undefined;
    let cpu: CpuUse | undefined;
    const { flows, seconds, samples, onboarded, onboardingSeconds, registeredDuringRun, floor } = await runClients(
      base,
      () => (mark = markCpu(url)),
      (clientsCpuMicros) => {
        if (mark !== undefined) cpu = cpuSince(mark, clientsCpuMicros);
      },
    );
    if (cpu === undefined) throw new Error('the clients never reported their measured seconds');

    log(`onboarded ${onboarded} customers in ${onboardingSeconds.toFixed(1)} s before the run; ${registeredDuringRun} more registered during it`);
    const pace = RATE === null ? 'each starting its next flow at once' : `${RATE} flows a second offered in all`;
    log(`${CLIENTS} clients (a process of their own, ${pace}), ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up, pool of ${POOL} connections: ${flows} flows (apply → disbursed)`);
    const rows = [['step', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms']];
    const addRow = (name: string, sorted: readonly number[]): void => {
      rows.push([name, String(sorted.length), ...[50, 90, 99, 100].map((p) => percentile(sorted, p).toFixed(1))]);
    };
    for (const step of STEPS) addRow(step, samples[step].sort((a, b) => a - b));
    // Every request of every step together: what one API call's latency is, whatever the step.
    addRow('request', STEPS.flatMap((step) => samples[step]).sort((a, b) => a - b));
    addRow('flow', samples.flow.sort((a, b) => a - b));
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows) log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    // samples.flow was sorted by its row above.
    const p50Ms = Number(percentile(samples.flow, 50).toFixed(1));
    const p99Ms = Number(percentile(samples.flow, 99).toFixed(1));
    const loansPerSec = Number((flows / seconds).toFixed(1));
    log(`whole flow: p50 ${p50Ms} ms, p99 ${p99Ms} ms (target ≤ 50), ${loansPerSec} loans/s`);
    const perFlow = (ms: number | null): string => (ms === null ? 'unknown' : `${(ms / flows).toFixed(2)} ms`);
    // Anything else is every other process of the machine: a busy neighbour shows here.
    const elseMs = cpu.postgresMs === null || cpu.machineMs === null ? null : Math.max(0, cpu.machineMs - cpu.benchMs - cpu.clientsMs - cpu.postgresMs);
    const busy = cpu.machineBusy === null ? 'busy unknown' : `${(cpu.machineBusy * 100).toFixed(0)}% busy`;
    log(
      `CPU a flow: server ${perFlow(cpu.benchMs)}, clients ${perFlow(cpu.clientsMs)}, PostgreSQL ${perFlow(cpu.postgresMs)}, ` +
        `anything else ${perFlow(elseMs)}; the machine's ${cpu.cores} cores ${busy}`,
    );
    if (floor !== null) {
      floor.samples.sort((a, b) => a - b);
      const floorPerSec = floor.flows / floor.seconds;
      log(
        `floor, the same clients reading a customer four times in a row (four requests, one read each): ${floorPerSec.toFixed(1)} flows/s, ` +
          `p50 ${percentile(floor.samples, 50).toFixed(1)} ms, p99 ${percentile(floor.samples, 99).toFixed(1)} ms; the flow runs at ${(loansPerSec / floorPerSec).toFixed(2)}× the floor's rate`,
      );
    }
    if (JSON_OUT) process.stdout.write(`${JSON.stringify({ p50Ms, p99Ms, loansPerSec })}\n`);
  } finally {
    await app.close();
    await services.close();
  }
}

await main();
