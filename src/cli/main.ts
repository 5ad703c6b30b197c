/**
 * The `lendcore` command: one commander program; each area registers its subcommands from its own
 * file under ./commands.
 */
import { Command } from 'commander';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerScheduleCommand } from './commands/schedule.ts';
import { registerAprCommand } from './commands/apr.ts';
import { registerRiskScorecardCommands } from './commands/risk-scorecard.ts';
import { registerRiskBacktestCommand } from './commands/risk-backtest.ts';
import { registerRiskDecideCommand } from './commands/risk-decide.ts';
import { registerLoanCommand } from './commands/loan-simulate.ts';
import { registerEodCommand } from './commands/eod.ts';
import { registerDemoCommand } from './commands/demo.ts';

const program = new Command();
program.name('lendcore').description('Open-source lending core: risk, loans, servicing and a double-entry ledger').showHelpAfterError();

registerMigrateCommand(program);
registerServeCommand(program);
registerScheduleCommand(program);
registerAprCommand(program);
const risk = program.command('risk').description('risk models: train, evaluate and monitor scorecards; backtest strategies');
registerRiskScorecardCommands(risk);
registerRiskBacktestCommand(risk);
registerRiskDecideCommand(risk);
registerLoanCommand(program);
registerEodCommand(program);
registerDemoCommand(program);

await program.parseAsync(process.argv);
