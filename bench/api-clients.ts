/**
 * The clients of `bench:api`, in a process of their own (bench/api.ts forks it), as a load generator
 * apart from the server it measures: the server's event loop serves requests and nothing else.
 *
 * Runs N concurrent clients over keep-alive HTTP connections (node:http, lighter than fetch) against the
 * API at `base`. First they onboard customers, untimed: each client registers the customers of
 * `FLOWS_PER_CLIENT_PER_SECOND` flows a second for the whole run, as a lender's customers exist before
 * they apply. Then, for a warm-up and S seconds, each repeats the flow with its next customer — apply
 * (decided at once; an approval carries the offer) → read the offer → accept it (opens the credit
 * line) → draw cash (the loan is booked and disbursed on the ledger) — registering one more customer,
 * between flows and untimed, only if its stock runs out. Times every step and the flow from apply to
 * disbursed. Tells its parent when the measured seconds start, then sends it their samples and the
 * CPU this process used during them.
 *
 * By default the loop is closed: a client starts its next flow the moment the last one ends. Given a
 * rate (flows a second, all clients together), each client instead starts its flows on a fixed beat,
 * the clients' beats evenly staggered; a flow is timed from when it was due to start, so a flow that
 * had to wait for its client's previous one counts that wait (no coordinated omission).
 *
 * After a closed-loop run the same clients run a floor for a few seconds: four reads of a customer in
 * a row, each HTTP and one indexed read (coalesced with its concurrent ones, as every hot read is),
 * about the least a flow of four requests that each touch the database can cost on this machine.
 *
 *   node --import tsx bench/api-clients.ts <base> <clients> <warm-up seconds> <seconds> [<flows a second>]
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { addDays, localDate } from '../src/kernel/local-date.ts';
import { prcCheckCharacter } from '../src/lending/customers/id-number.ts';

export const STEPS = ['apply', 'offer', 'accept', 'disburse'] as const;
export type Step = (typeof STEPS)[number] | 'flow';

/** Customers onboarded a client a second of the run: 20 × 50 clients is 1,000 flows/s, over twice today's rate. */
const FLOWS_PER_CLIENT_PER_SECOND = 20;

/** Seconds of the floor (four reads in a row per flow), after a one-second warm-up of its own. */
const FLOOR_SECONDS = 5;

/** Closed-loop flows of four requests that each do about the least a request can: read one customer. */
export interface FloorReport {
  readonly flows: number;
  readonly seconds: number;
  readonly samples: number[];
}

/** What the clients send their parent when they are done. */
export interface ClientsReport {
  readonly flows: number;
  readonly seconds: number;
  readonly samples: Record<Step, number[]>;
  /** Customers registered before the run, and how long that took. */
  readonly onboarded: number;
  readonly onboardingSeconds: number;
  /** Customers registered during the run because a client's stock ran out (0 when the stock sufficed). */
  readonly registeredDuringRun: number;
  /** The floor, after a closed-loop run; null with a rate. */
  readonly floor: FloorReport | null;
}

/**
 * The messages the clients send their parent: the measured seconds start; they end, with the CPU this
 * process used during them in microseconds (user + system), before any floor runs; then the report.
 */
export type ClientsMessage = { readonly kind: 'measuring' } | { readonly kind: 'measured'; readonly cpuMicros: number } | ({ readonly kind: 'report' } & ClientsReport);

/** A valid, unique PRC resident id per flow: birth dates from 1975 on, 1,000 sequence numbers each. */
function idNumberOf(n: number): { idNumber: string; birthOn: string } {
  const birthOn = addDays(localDate('1975-01-01'), Math.floor(n / 1000) % 9000);
  const first17 = `110105${birthOn.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
  return { idNumber: first17 + prcCheckCharacter(first17), birthOn };
}

/**
 * Runs the clients; `onMeasuring` is called when the warm-up ends and the measured seconds start,
 * `onMeasured` when they end, with the CPU this process used during them in microseconds.
 */
async function runClients(
  base: string,
  clients: number,
  warmUpSeconds: number,
  seconds: number,
  rate: number | null,
  onMeasuring: () => void,
  onMeasured: (cpuMicros: number) => void,
): Promise<ClientsReport> {
  // Keep-alive connections, one a client at most, as long-lived API callers hold them.
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const call = (method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${base}${path}`, { method, agent, headers: payload === undefined ? {} : { 'content-type': 'application/json' } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} ${path}: ${response.statusCode} ${JSON.stringify(json)}`));
          else resolve(json);
        });
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });

  let registered = 0;
  const register = async (): Promise<string> => {
    const n = registered++;
    const customer = await call('POST', '/customers', { ...idNumberOf(n), name: `Bench ${n}`, phone: `139${String(n).padStart(8, '0')}` });
    return customer.id as string;
  };
  const onboardingStarted = performance.now();
  const stocks = await Promise.all(
    Array.from({ length: clients }, async () => {
      const stock: string[] = [];
      while (stock.length < FLOWS_PER_CLIENT_PER_SECOND * (warmUpSeconds + seconds)) stock.push(await register());
      return stock;
    }),
  );
  const onboarded = registered;
  const onboardingSeconds = (performance.now() - onboardingStarted) / 1000;

  const samples = Object.fromEntries(['flow', ...STEPS].map((s) => [s, [] as number[]])) as unknown as Record<Step, number[]>;
  let flows = 0;
  const warmUpEnds = performance.now() + warmUpSeconds * 1000;
  const ends = warmUpEnds + seconds * 1000;
  let cpuAtStart = process.cpuUsage();
  const measuring = setTimeout(() => {
    cpuAtStart = process.cpuUsage();
    onMeasuring();
  }, warmUpSeconds * 1000);

  /** One flow, timed from `started`: now, or when it was due to start. */
  const flow = async (customerId: string, started: number): Promise<void> => {
    const times: [Step, number][] = [];
    const timed = async <T>(step: Step, work: () => Promise<T>): Promise<T> => {
      const stepStarted = performance.now();
      const value = await work();
      times.push([step, performance.now() - stepStarted]);
      return value;
    };
    const applied = await timed('apply', () => call('POST', '/credit-line-applications', { customerId, productId: 'cash', monthlyIncome: '12000.00' }));
    const offerId = (applied.offer as { id: string } | null)?.id;
    if (!offerId) throw new Error(`application not approved: ${JSON.stringify(applied)}`);
    await timed('offer', () => call('GET', `/offers/${offerId}`));
    const line = await timed('accept', () => call('POST', `/offers/${offerId}/accept`, {}));
    await timed('disburse', () => call('POST', `/credit-lines/${line.id as string}/drawdowns`, { amount: '3000.00', term: 6 }));
    times.push(['flow', performance.now() - started]);
    if (started >= warmUpEnds) {
      flows++;
      for (const [step, ms] of times) samples[step].push(ms);
    }
  };
  const client = async (stock: string[], index: number): Promise<void> => {
    // With a rate, a client's flows are due every `clients / rate` seconds, client i's first i / rate in.
    const beatMs = rate === null ? 0 : (clients / rate) * 1000;
    let due = performance.now() + (rate === null ? 0 : (index / rate) * 1000);
    while (due < ends) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const started = rate === null ? performance.now() : due;
      await flow(stock.pop() ?? (await register()), started);
      due = rate === null ? performance.now() : due + beatMs;
    }
  };
  await Promise.all(stocks.map(client));
  clearTimeout(measuring);
  const cpu = process.cpuUsage(cpuAtStart);
  const measuredSeconds = (performance.now() - warmUpEnds) / 1000;
  onMeasured(cpu.user + cpu.system);
  const floor = rate === null ? await runFloor(call, await Promise.all(stocks.map(async (stock) => stock[0] ?? (await register())))) : null;
  agent.destroy();
  return {
    flows,
    seconds: measuredSeconds,
    samples,
    onboarded,
    onboardingSeconds,
    registeredDuringRun: registered - onboarded,
    floor,
  };
}

/** The floor: each client reads its customer four times in a row, over and over, for FLOOR_SECONDS. */
async function runFloor(call: (method: 'GET', path: string) => Promise<unknown>, customerIds: readonly string[]): Promise<FloorReport> {
  const samples: number[] = [];
  const warmUpEnds = performance.now() + 1000;
  const ends = warmUpEnds + FLOOR_SECONDS * 1000;
  await Promise.all(
    customerIds.map(async (customerId) => {
      while (performance.now() < ends) {
        const started = performance.now();
        for (let i = 0; i < 4; i++) await call('GET', `/customers/${customerId}`);
        if (started >= warmUpEnds) samples.push(performance.now() - started);
      }
    }),
  );
  return { flows: samples.length, seconds: (performance.now() - warmUpEnds) / 1000, samples };
}

// Run as the forked child only; bench/api.ts imports this module for its step names and types.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [base, clients, warmUpSeconds, seconds, rate] = process.argv.slice(2);
  if (!process.send || base === undefined) throw new Error('bench/api-clients.ts runs as a child of bench/api.ts');
  const send = (message: ClientsMessage): void => void process.send?.(message);
  const report = await runClients(base, Number(clients), Number(warmUpSeconds), Number(seconds), rate === undefined ? null : Number(rate), () => send({ kind: 'measuring' }), (cpuMicros) =>
    send({ kind: 'measured', cpuMicros }),
  );
  send({ kind: 'report', ...report });
}
