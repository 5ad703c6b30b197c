/**
 * The embedded engine: PGlite (PostgreSQL compiled to WebAssembly, in process). One connection; data
 * lives in a directory or in memory.
 *
 * Statements go to PGlite as wire-protocol messages (pglite-statements.ts): a data statement is
 * prepared once under a name and then runs as one Bind/Execute/Sync trip into the WebAssembly, where
 * PGlite's own `query` makes six trips and parses and plans every statement again (about 6× the cost
 * of a key look-up). Transactions keep PGlite's locking: one transaction at a time, each statement
 * exclusive, and a statement from outside a transaction waits until none is open.
 *
 * PGlite runs PostgreSQL in single-user mode, so no autovacuum ever gathers the planner's statistics
 * or clears dead rows. Without statistics the planner takes `tenant_id = $1` to match half a percent
 * of a table, and a lookup of two thousand loans by id was measured scanning the whole tenant through
 * another index (60 ms; 27 ms by the primary key once statistics exist). So every
 * `limits.pgliteVacuumEveryStatements` statements, before the next transaction or statement starts,
 * the connection runs `VACUUM (ANALYZE)`: statistics sampled lightly (a statistics target of 10, about
 * 3,000 rows a table, so that part does not grow with the book), and dead row versions cleared so
 * scans stop reading them. Every statement is then prepared again (pglite-statements.ts), planned
 * with the new statistics.
 *
 * A directory without a database is made by a short-lived child process (`createDataDir`).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Mutex, PGlite, TransactionAbortedError } from '@electric-sql/pglite';
import { assert } from '../kernel/assert.ts';
import { limits } from '../kernel/limits.ts';
import type { Database, Row, Sql, TransactionOptions } from './database.ts';
import { createStatementRunner } from './pglite-statements.ts';
import { withTransactionRetry } from './retry.ts';
import { typeParsers } from './types.ts';

/**
 * The planner costs PostgreSQL sessions get too (postgres.ts): index probes over scans of a growing
 * table, for data that lives in memory. Plans stay PostgreSQL's choice per call (custom until a generic
 * plan is as cheap): a generic plan of a batch statement guesses ten rows per array and is many times
 * slower on a batch of thousands.
 */
const SESSION_SETTINGS_SQL = 'SET random_page_cost = 1.1; SET default_statistics_target = 10';

export interface PgliteOptions {
  /**
   * PostgreSQL's buffer cache, allocated (and resident) when the database opens; PGlite's default is
   * 128 MB. A book larger than its cache reads every evicted page back through a file-system call
   * into the WebAssembly memory, so a caller that knows it will build a large book asks for more.
   */
  readonly sharedBuffersMb?: number;
}

/**
 * Makes the database in `dataDir` unless it is there. PGlite makes a new one by running initdb and a
 * second PostgreSQL, each in WebAssembly memory of its own, and this process keeps that memory until
 * it exits, even after both are closed: opened on a new directory PGlite left the process at 863 MB
 * resident, against 354 MB opened on an existing one (measured, PGlite 0.5). A child process that
 * exits when the database is made gives all of it back.
 */
async function createDataDir(dataDir: string): Promise<void> {
  if (existsSync(join(dataDir, 'PG_VERSION'))) return;
  const pglite = JSON.stringify(import.meta.resolve('@electric-sql/pglite'));
  const script = `const { PGlite } = await import(${pglite}); await (await PGlite.create(${JSON.stringify(resolve(dataDir))})).close();`;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script]);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '');
    const reason = stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.trim();
    throw new Error(`PGlite could not make a database in ${dataDir}: ${reason}`, { cause: error });
  }
}

/** `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string, options: PgliteOptions = {}): Promise<Database> {
  assert(options.sharedBuffersMb === undefined || (Number.isInteger(options.sharedBuffersMb) && options.sharedBuffersMb >= 16), 'shared buffers are a whole number of MB, at least 16');
  if (dataDir !== undefined) await createDataDir(dataDir);
  const pglite = await PGlite.create(dataDir, {
    parsers: typeParsers as never,
    ...(options.sharedBuffersMb === undefined ? {} : { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffersMb}MB`] }),
  });
  const run = createStatementRunner(pglite);
  await pglite.exec(SESSION_SETTINGS_SQL);
  const transactions = new Mutex();

  let statementsSinceUpkeep = 0;
  /** Gathers the planner's statistics and clears dead rows when due; never inside a transaction. */
  const upkeep = async (): Promise<void> => {
    if (statementsSinceUpkeep < limits.pgliteVacuumEveryStatements || pglite.isInTransaction()) return;
    statementsSinceUpkeep = 0;
    await run('VACUUM (ANALYZE)');
  };

  // One connection: a statement from outside a transaction waits for the open one to end, or it would
  // run inside it (and go with it on a rollback), as PGlite's own query() waits.
  const tx: Sql = {
    query: async <R extends Row>(text: string, params?: readonly unknown[]) => {
      statementsSinceUpkeep++;
      return (await run(text, params)).rows as R[];
    },
  };

  return {
    engine: 'pglite',
    query: <R extends Row>(text: string, params?: readonly unknown[]) =>
      transactions.runExclusive(async () => {
        await upkeep();
        return tx.query<R>(text, params);
      }),
    async transaction<T>(work: (tx: Sql) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      return withTransactionRetry(
        () =>
          transactions.runExclusive(async () => {
            await upkeep();
            await run(opts.isolation ? `BEGIN ISOLATION LEVEL ${opts.isolation.toUpperCase()}` : 'BEGIN');
            let value: T;
            try {
              value = await work(tx);
            } catch (error) {
              await run('ROLLBACK');
              throw error;
            }
            const committed = await run('COMMIT');
            // COMMIT of a transaction a failed statement aborted rolls it back instead.
            if (committed.command === 'ROLLBACK') throw new TransactionAbortedError();
            return value;
          }),
        opts.retries,
      );
    },
    close: () => pglite.close(),
  };
}
