/**
 * `lendcore eod run --date D`: closes business date D for a tenant on the configured database, with
 * a progress bar on a terminal (or `--json` for machines), and fails loudly — exit status 1 and the
 * breaks — when the books do not tie.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { startServices } from '../../compose.ts';
import { parseLocalDate } from '../../kernel/local-date.ts';
import { DEFAULT_TENANT } from '../../api/tenancy.ts';
import { limits } from '../../kernel/limits.ts';
import { BadInput, integerOption, printJson, runJsonCommand } from '../json-io.ts';

export function registerEodCommand(program: Command): void {
  const eod = program.command('eod').description('end of day: accrue, age, charge, write off, reconcile');
  eod
    .command('run')
    .description('close one business date (dates close in order, each once)')
    .requiredOption('--date <date>', 'business date YYYY-MM-DD')
    .option('--tenant <tenant>', 'tenant id', DEFAULT_TENANT)
    .option('--workers <n>', 'concurrent chunk workers (PostgreSQL)', '4')
    .option('--chunk <loans>', 'loans per chunk (a chunk commits as one transaction)', '1000')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { date: string; tenant: string; workers: string; chunk: string; json?: boolean }) => {
      await runJsonCommand(async () => {
        const date = parseLocalDate(opts.date);
        if (!date.ok) throw new BadInput('invalid_date', date.message ?? 'invalid date', 'date');
        const chunkLoans = integerOption(opts.chunk, 'chunk', 1, limits.eodChunkLoansMax);
        const workers = integerOption(opts.workers, 'workers', 1, limits.eodWorkersMax);
        const services = await startServices({ maxConnections: workers + 2 });
        const bar = opts.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ format: 'end of day {bar} {value}/{total} chunks | {loans} loans', stream: process.stderr }, cliProgress.Presets.shades_classic);
        try {
          const started = performance.now();
          bar?.start(1, 0, { loans: 0 });
          const result = await services.endOfDay.run({
            tenantId: opts.tenant,
            businessDate: date.value,
            workers,
            chunkLoans,
            onProgress: (p) => {
              bar?.setTotal(p.chunks);
              bar?.update(p.chunksDone, { loans: p.loans });
            },
          });
          bar?.stop();
          if (!result.ok) {
            printJson({ error: { code: result.code, message: result.message } });
            process.exitCode = 1;
            return undefined;
          }
          const seconds = (performance.now() - started) / 1000;
          const r = result.value;
          if (opts.json) return { businessDate: r.businessDate, loans: r.loansClosed, chunks: r.chunks, seconds, reconciled: r.reconciliation.tied };
          process.stdout.write(`closed ${r.businessDate}: ${r.loansClosed} loans in ${seconds.toFixed(1)} s; books tie: ${r.reconciliation.tied}\n`);
          return undefined;
        } finally {
          await services.close();
        }
      });
    });
}
