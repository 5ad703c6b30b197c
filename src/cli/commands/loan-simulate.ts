/**
 * `lendcore loan simulate [FILE]`: a loan's terms, its events and a date in (JSON from FILE or
 * standard input), the schedule as it stands on that date out, replayed by the servicing engine the
 * database path uses (../shared/CONTRACTS.md). Bad input is a JSON error with exit status 2.
 */
import type { Command } from 'commander';
import { parseSimulationInput, simulateLoan } from '../../lending/servicing/simulate.ts';
import { simulationToJson } from '../../lending/servicing/simulate-json.ts';
import { BadInput, readJsonInput, runJsonCommand } from '../json-io.ts';

/** The command's whole computation, JSON in and out; throws BadInput on bad input. */
export function loanSimulateOutput(json: unknown): ReturnType<typeof simulationToJson> {
  const input = parseSimulationInput(json);
  if (!input.ok) throw new BadInput(input.code, input.message ?? input.code, input.param);
  const result = simulateLoan(input.value);
  if (!result.ok) throw new BadInput(result.code, result.message ?? result.code, result.param);
  return simulationToJson(result.value, input.value.terms, input.value.asOf);
}

export function registerLoanCommand(program: Command): void {
  const loan = program.command('loan').description('loan servicing tools');
  loan
    .command('simulate')
    .description("replay a loan's events to a date and print its schedule, days past due and payoff (JSON from FILE or standard input)")
    .argument('[file]', 'JSON input; standard input when absent or -')
    .action(async (file: string | undefined) => {
      await runJsonCommand(() => loanSimulateOutput(readJsonInput(file)));
    });
}
