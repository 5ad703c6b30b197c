/**
 * `lendcore apr [FILE]`: advances and payments in, the APR by Regulation Z, the EU Consumer Credit
 * Directive or China's all-in IRR out, as ../shared/CONTRACTS.md fixes them; `--format table` prints
 * it for people. Bad input, and flows no rate can solve, are a JSON error with exit status 2.
 */
import type { Command } from 'commander';
import { parseAprRequest } from '../../lending/apr/parse-request.ts';
import { solveApr } from '../../lending/apr/solve-apr.ts';
import type { AprMethod } from '../../lending/apr/types.ts';
import { BadInput, readJsonInput, runJsonCommand } from '../json-io.ts';
import { formatTable } from '../text-table.ts';

export interface AprOutput {
  readonly aprPercent: string;
  readonly method: AprMethod;
  readonly effectivePercent?: string;
}

export type OutputFormat = 'json' | 'table';

export function readOutputFormat(value: string): OutputFormat {
  if (value === 'json' || value === 'table') return value;
  throw new BadInput('unknown_value', `--format must be json or table; got ${JSON.stringify(value)}`, 'format');
}

/** The command's whole computation, JSON in and out; throws BadInput on bad input. */
export function aprCommandOutput(json: unknown): AprOutput {
  const parsed = parseAprRequest(json);
  if (!parsed.ok) throw new BadInput(parsed.code, parsed.message ?? parsed.code, parsed.param);
  const { request, currency } = parsed.value;
  const solved = solveApr(request, currency);
  if (!solved.ok) throw new BadInput(solved.code, solved.message ?? solved.code, solved.param ?? 'payments');
  const aprPercent = solved.value.aprPercent.toFixed(4);
  if (request.method !== 'cnIrr') return { aprPercent, method: request.method };
  return { aprPercent, method: request.method, effectivePercent: solved.value.effectivePercent.toFixed(4) };
}

export function registerAprCommand(program: Command): void {
  program
    .command('apr')
    .description('APR of advances and payments: usRegZ, euCcd or cnIrr (JSON from FILE or standard input)')
    .argument('[file]', 'JSON APR request; standard input when absent or -')
    .option('--format <format>', 'json or table', 'json')
    .action(async (file: string | undefined, options: { format: string }) => {
      await runJsonCommand(() => {
        const format = readOutputFormat(options.format);
        const output = aprCommandOutput(readJsonInput(file));
        if (format === 'json') return output;
        const rows = [['method', output.method], ['APR', `${output.aprPercent}%`]];
        if (output.effectivePercent !== undefined) rows.push(['effective annual rate', `${output.effectivePercent}%`]);
        process.stdout.write(formatTable(['measure', 'value'], rows, [false, true]));
        return undefined;
      });
    });
}
