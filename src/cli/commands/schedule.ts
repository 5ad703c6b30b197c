/**
 * `lendcore schedule [FILE]`: a schedule spec in (JSON from FILE or standard input), the repayment
 * schedule and its all-in APR out, as ../shared/CONTRACTS.md fixes them; `--format table` prints the
 * same schedule as a table for people. Bad input is a JSON error with exit status 2.
 */
import type { Command } from 'commander';
import { scheduleApr } from '../../lending/apr/schedule-apr.ts';
import { buildSchedule } from '../../lending/schedules/build-schedule.ts';
import { parseScheduleSpec } from '../../lending/schedules/parse-spec.ts';
import { scheduleToJson, type ScheduleJson } from '../../lending/schedules/schedule-json.ts';
import { BadInput, readJsonInput, runJsonCommand } from '../json-io.ts';
import { formatTable } from '../text-table.ts';
import { readOutputFormat } from './apr.ts';

export interface ScheduleOutput extends ScheduleJson {
  readonly apr: { readonly aprPercent: string; readonly effectivePercent: string };
}

/** The command's whole computation, JSON in and out; throws BadInput on bad input. */
export function scheduleCommandOutput(json: unknown): ScheduleOutput {
  const spec = parseScheduleSpec(json);
  if (!spec.ok) throw new BadInput(spec.code, spec.message ?? spec.code, spec.param);
  const schedule = buildSchedule(spec.value);
  if (!schedule.ok) throw new BadInput(schedule.code, schedule.message ?? schedule.code, schedule.param);
  // A schedule always repays its principal, so its APR exists; at an absurd rate (9e18% a year) the
  // root finder can still fail to reach it, which is the input's fault, not a bug.
  const apr = scheduleApr(schedule.value);
  if (!apr.ok) throw new BadInput(apr.code, apr.message ?? apr.code, 'rate');
  return {
    ...scheduleToJson(schedule.value),
    apr: { aprPercent: apr.value.aprPercent.toFixed(4), effectivePercent: apr.value.effectivePercent.toFixed(4) },
  };
}

export function scheduleTable(output: ScheduleOutput): string {
  const rows = output.installments.map((i) => [String(i.n), i.dueOn, String(i.days), i.principal, i.interest, i.fee, i.total, i.balance]);
  const t = output.totals;
  rows.push(['', 'total', '', t.principal, t.interest, t.fee, t.total, '']);
  const table = formatTable(['n', 'due on', 'days', 'principal', 'interest', 'fee', 'total', 'balance'], rows, [true, false, true, true, true, true, true, true]);
  return `${table}\ncurrency ${output.currency}   all-in APR ${output.apr.aprPercent}%   effective ${output.apr.effectivePercent}%\n`;
}

export function registerScheduleCommand(program: Command): void {
  program
    .command('schedule')
    .description('repayment schedule of a loan spec (JSON from FILE or standard input)')
    .argument('[file]', 'JSON schedule spec; standard input when absent or -')
    .option('--format <format>', 'json or table', 'json')
    .action(async (file: string | undefined, options: { format: string }) => {
      await runJsonCommand(() => {
        const format = readOutputFormat(options.format);
        const output = scheduleCommandOutput(readJsonInput(file));
        if (format === 'json') return output;
        process.stdout.write(scheduleTable(output));
        return undefined;
      });
    });
}
