/**
 * Turns an APR request's dated flows into the root finder's timed flows: advances negative, payments
 * positive, each placed by `measure` from the start of the term (the first advance).
 * Amounts go from bigint minor units to float64 here, exactly (limits keep them below 2^53).
 */
import type { LocalDate } from '../../kernel/local-date.ts';
import type { TimedFlow } from './solve-rate.ts';
import type { AprRequest, CashFlow } from './types.ts';
import type { UnitTime } from './unit-periods.ts';

export function termStart(request: Pick<AprRequest, 'advances'>): LocalDate {
  let start = request.advances[0]!.on;
  for (const a of request.advances) if (a.on < start) start = a.on;
  return start;
}

export function timedFlows(request: Pick<AprRequest, 'advances' | 'payments'>, measure: (start: LocalDate, on: LocalDate) => UnitTime): TimedFlow[] {
  const start = termStart(request);
  const flows: TimedFlow[] = [];
  const place = (flow: CashFlow, sign: number): void => {
    const time = measure(start, flow.on);
    flows.push({ amount: sign * Number(flow.amountMinor), whole: time.whole, fraction: time.fraction });
  };
  for (const a of request.advances) place(a, -1);
  for (const p of request.payments) place(p, 1);
  return flows;
}
