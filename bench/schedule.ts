/**
 * Loan-math throughput: 12-installment schedules built per second (declining balance, equal
 * installments, monthly; parsed once, built from the typed spec as services do) and APR solves per
 * second (12 monthly payments, cnIrr and usRegZ). Prints a table; `--json` adds one JSON line last:
 * {"schedulesPerSec", "aprSolvesPerSec"}. Targets on the 2-core machines: ≥ 100,000 and ≥ 50,000.
 */
import { expectOk } from '../src/kernel/result.ts';
import { parseAprRequest } from '../src/lending/apr/parse-request.ts';
import { solveApr } from '../src/lending/apr/solve-apr.ts';
import type { AprRequest } from '../src/lending/apr/types.ts';
import { buildSchedule } from '../src/lending/schedules/build-schedule.ts';
import { parseScheduleSpec } from '../src/lending/schedules/parse-spec.ts';
import type { ScheduleSpec } from '../src/lending/schedules/types.ts';

const SECONDS = 2;

function perSecond(work: (k: number) => void): number {
  for (let k = 0; k < 2_000; k += 1) work(k); // warm-up
  let done = 0;
  const started = process.hrtime.bigint();
  const budget = BigInt(SECONDS * 1e9);
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let k = 0; k < 1_000; k += 1) work(done + k);
    done += 1_000;
    elapsed = process.hrtime.bigint() - started;
  }
  return Math.round((done * 1e9) / Number(elapsed));
}

const specs: ScheduleSpec[] = ['8.5', '12', '18.25', '23.99'].map((rate, k) =>
  expectOk(
    parseScheduleSpec({
      currency: 'CNY',
      principal: `${10_000 + k * 1_234}.00`,
      disbursedOn: '2024-01-31',
      installments: 12,
      rate: { value: rate, per: 'year' },
    }),
  ),
);

const aprRequests: AprRequest[] = (['cnIrr', 'usRegZ'] as const).map((method) =>
  expectOk(
    parseAprRequest({
      method,
      advances: [{ on: '2024-01-10', amount: '10000.00' }],
      payments: [{ firstOn: '2024-02-15', count: 12, every: 1, unit: 'month', amount: '883.33' }],
      unitPeriod: { every: 1, unit: 'month' },
    }),
  ).request,
);

let sink = 0n;
const schedulesPerSec = perSecond((k) => {
  const schedule = expectOk(buildSchedule(specs[k & 3]!));
  sink += schedule.totals.interestMinor;
});
let rateSink = 0;
const aprSolvesPerSec = perSecond((k) => {
  rateSink += expectOk(solveApr(aprRequests[k & 1]!)).aprPercent;
});

const rows: [string, number, number][] = [
  ['12-installment schedules / s', schedulesPerSec, 100_000],
  ['APR solves / s (12 payments)', aprSolvesPerSec, 50_000],
];
console.log('what                          measured      target  ok');
for (const [what, measured, target] of rows) {
  console.log(`${what.padEnd(28)}${measured.toLocaleString('en-US').padStart(10)}${target.toLocaleString('en-US').padStart(12)}  ${measured >= target ? 'yes' : 'NO'}`);
}
if (sink < 0n || Number.isNaN(rateSink)) console.log('unreachable');
if (process.argv.includes('--json')) console.log(JSON.stringify({ schedulesPerSec, aprSolvesPerSec }));
