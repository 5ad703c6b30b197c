/**
 * The `lendcore` command: one commander program; each area registers its subcommands from its own
 * file under ./commands. Only the area named on the command line is loaded: the pure tools
 * (`schedule`, `apr`, `loan simulate`, the risk models) start without the HTTP server, the
 * database engines and their dependencies, which would take most of their run to import. Help, or
 * a name that is no area, loads them all, so the program lists and suggests every command.
 */
import { Command } from 'commander';

type Register = (program: Command) => void;

const AREAS: Readonly<Record<string, () => Promise<Register>>> = {
  migrate: async () => (await import('./commands/migrate.ts')).registerMigrateCommand,
  serve: async () => (await import('./commands/serve.ts')).registerServeCommand,
  schedule: async () => (await import('./commands/schedule.ts')).registerScheduleCommand,
  apr: async () => (await import('./commands/apr.ts')).registerAprCommand,
  risk: async () => {
    const [scorecard, backtest, decide] = await Promise.all([import('./commands/risk-scorecard.ts'), import('./commands/risk-backtest.ts'), import('./commands/risk-decide.ts')]);
    return (program) => {
      const risk = program.command('risk').description('risk models: train, evaluate and monitor scorecards; backtest strategies');
      scorecard.registerRiskScorecardCommands(risk);
      backtest.registerRiskBacktestCommand(risk);
      decide.registerRiskDecideCommand(risk);
    };
  },
  loan: async () => (await import('./commands/loan-simulate.ts')).registerLoanCommand,
  eod: async () => (await import('./commands/eod.ts')).registerEodCommand,
  demo: async () => (await import('./commands/demo.ts')).registerDemoCommand,
};

const program = new Command();
program.name('lendcore').description('Open-source lending core: risk, loans, servicing and a double-entry ledger').showHelpAfterError();

const named = process.argv[2];
const areas = named !== undefined && Object.hasOwn(AREAS, named) ? [named] : Object.keys(AREAS);
for (const register of await Promise.all(areas.map((area) => AREAS[area]!()))) register(program);

await program.parseAsync(process.argv);
