/**
 * `lendcore demo [--customers 20000] [--days 180] [--seed N]`: a consumer-credit book run end to end
 * on a fresh embedded database (PGlite in LENDCORE_DATA_DIR, default `.lendcore/demo`), with a
 * progress bar, then the portfolio report printed as tables and written beside the database as
 * report.json, buckets.csv, vintages.csv and stratification.csv, and the wall time. The directory
 * is emptied first only when an earlier demo made it (it holds the demo's marker file); any other
 * non-empty directory is refused, so the demo never deletes someone's data.
 */
import { existsSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { migrate } from '../../db/migrate.ts';
import { openPglite } from '../../db/pglite.ts';
import { limits } from '../../kernel/limits.ts';
import { bucketsCsv, reportText, stratificationCsv, vintagesCsv } from '../../analytics/report-files.ts';
import { runDemo, type SimulationSummary } from '../../sim/run-demo.ts';
import { formatTable } from '../text-table.ts';
import { BadInput, integerOption, runJsonCommand } from '../json-io.ts';

const MARKER = '.lendcore-demo';

/** Empties a directory an earlier demo made; refuses one with other contents. */
function freshDirectory(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!existsSync(join(dir, MARKER))) throw new BadInput('data_dir_not_empty', `${dir} holds data that no demo wrote; point LENDCORE_DATA_DIR at an empty directory`, 'LENDCORE_DATA_DIR');
    rmSync(dir, { recursive: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MARKER), 'made by lendcore demo; the next demo run empties this directory\n');
}

function simulationText(s: SimulationSummary, wallSeconds: number): string {
  const rings = s.rings;
  const ms = Object.values(s.stagesMs).reduce((a, b) => a + b, 0);
  return [
    formatTable(
      ['fraud rings', ''],
      [
        ['rings / caught', `${rings.rings} / ${rings.ringsCaught}`],
        ['ring members applied / stopped for fraud / approved', `${rings.membersApplied} / ${rings.membersStopped} / ${rings.membersApproved}`],
        ['other applicants stopped for fraud reasons', String(rings.othersStoppedForFraud)],
      ],
      [false, true],
    ),
    formatTable(['operation', 'count'], Object.entries(s.operations).map(([k, v]) => [k, String(v)]), [false, true]),
    formatTable(
      ['stage', 'seconds', '%'],
      Object.entries(s.stagesMs).map(([k, v]) => [k, (v / 1000).toFixed(1), ms > 0 ? ((100 * v) / ms).toFixed(1) : '']),
      [false, true, true],
    ),
    `per operation: ${perOperation(s)}\n`,
    `wall time: ${wallSeconds.toFixed(1)} s (${s.days} business days ${s.from} → ${s.through}, seed ${s.seed})\n`,
  ].join('\n');
}

/** Milliseconds per unit of work of the main stages, for budgeting. */
function perOperation(s: SimulationSummary): string {
  const o = s.operations;
  const per = (ms: number, n: number | undefined, unit: string): string => `${n ? (ms / n).toFixed(2) : '–'} ms/${unit}`;
  return [
    `origination ${per(s.stagesMs.origination, o.customers, 'customer')}`,
    `purchases ${per(s.stagesMs.purchases, (o.purchases ?? 0) + (o.holds ?? 0), 'checkout')}`,
    `auto-debit ${per(s.stagesMs.autoDebit, o.autoDebits, 'debit')}`,
    `end of day ${per(s.stagesMs.endOfDay, o.endOfDayRuns, 'day')}`,
  ].join(', ');
}

/**
 * The buffer cache the demo's database opens with: about 25 KB a customer (500 MB for the default
 * 20,000), between PGlite's own 128 MB and 1 GB. The default book's tables reach about 1 GB; with
 * PGlite's 128 MB, reading evicted pages back took about a sixth of the run.
 */
function bufferCacheMb(customers: number): number {
  return Math.min(1024, Math.max(128, Math.ceil(customers / 40)));
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run a consumer-credit book end to end on a fresh embedded database and print its portfolio report')
    .option('--customers <n>', 'customers in the synthetic population', '20000')
    .option('--days <n>', 'business days to simulate', '180')
    .option('--seed <n>', 'seed of the simulation (same seed, same book)', '1')
    .action(async (opts: { customers: string; days: string; seed: string }) => {
      await runJsonCommand(async () => {
        const started = performance.now();
        const customers = integerOption(opts.customers, 'customers', 1, limits.demoCustomersMax);
        const days = integerOption(opts.days, 'days', 1, limits.demoDaysMax);
        const seed = integerOption(opts.seed, 'seed', 0, 2 ** 32 - 1);
        const dir = process.env.LENDCORE_DATA_DIR ?? join('.lendcore', 'demo');
        freshDirectory(dir);
        const db = await openPglite(dir, { sharedBuffersMb: bufferCacheMb(customers) });
        await migrate(db);
        const bar = process.stderr.isTTY
          ? new cliProgress.SingleBar({ format: 'demo {bar} {value}/{total} days | {date} | {customers} customers | {loans} loans | {duration}s', stream: process.stderr }, cliProgress.Presets.shades_classic)
          : null;
        bar?.start(days, 0, { date: '', customers: 0, loans: 0 });
        try {
          const { report, simulation } = await runDemo(db, { customers, days, seed, onDay: (p) => bar?.update(p.day, { date: p.date, customers: p.customers, loans: p.loans }) });
          bar?.stop();
          const wallSeconds = (performance.now() - started) / 1000;
          writeFileSync(join(dir, 'report.json'), `${JSON.stringify({ report, simulation: { ...simulation, wallSeconds } }, null, 2)}\n`);
          writeFileSync(join(dir, 'buckets.csv'), bucketsCsv(report));
          writeFileSync(join(dir, 'vintages.csv'), vintagesCsv(report));
          writeFileSync(join(dir, 'stratification.csv'), stratificationCsv(report));
          process.stdout.write(`${reportText(report)}\n${simulationText(simulation, wallSeconds)}report: ${join(dir, 'report.json')} (and buckets.csv, vintages.csv, stratification.csv)\n`);
          if (!report.ties.trialBalanceBalanced || !report.ties.outstandingEqualsLedger || !report.ties.bucketsEqualOutstanding) process.exitCode = 1;
          return undefined;
        } finally {
          bar?.stop();
          await db.close();
        }
      });
    });
}
