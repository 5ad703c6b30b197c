/**
 * `lendcore risk backtest --strategy S --data D.csv --target COL --bad VALUE`: runs a strategy
 * document (JSON or YAML) over labelled rows and prints approval and bad rates, overall and by score
 * band, as JSON. Bad input prints the JSON error and exits with status 2.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runBacktest } from '../../risk/backtest/run-backtest.ts';
import { compileStrategyText } from '../../risk/strategy/strategy-service.ts';
import { BadInput, runJsonCommand } from '../json-io.ts';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new BadInput('input_unreadable', `cannot read the ${what} ${file}: ${(error as Error).message}`, what);
  }
}

/** Adds `backtest` to the `risk` command group. */
export function registerRiskBacktestCommand(risk: Command): void {
  risk
    .command('backtest')
    .description('run a strategy over labelled CSV rows: approval rate and bad rate among approved, by score band')
    .requiredOption('--strategy <file>', 'strategy document, JSON or YAML')
    .requiredOption('--data <file>', 'CSV with a header row')
    .requiredOption('--target <column>', 'the column holding the outcome')
    .requiredOption('--bad <value>', 'the target value that marks a bad row')
    .action(async (options: { strategy: string; data: string; target: string; bad: string }) => {
      await runJsonCommand(() => {
        const strategy = compileStrategyText(readText(options.strategy, 'strategy'));
        if (!strategy.ok) throw new BadInput(strategy.code, strategy.message ?? 'invalid strategy', strategy.param);
        const report = runBacktest(strategy.value, readText(options.data, 'data'), options.target, options.bad);
        if (!report.ok) throw new BadInput(report.code, report.message ?? report.code, report.param);
        return report.value;
      });
    });
}
