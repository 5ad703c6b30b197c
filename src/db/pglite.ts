/**
 * The embedded engine: PGlite (PostgreSQL compiled to WebAssembly, in process). One connection, so
 * transactions are serialised by PGlite itself; data lives in a directory or in memory.
 */
import { PGlite } from '@electric-sql/pglite';
import type { Database, Row, Sql, TransactionOptions } from './database.ts';
import { withTransactionRetry } from './retry.ts';
import { typeParsers } from './types.ts';

/** `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pglite = await PGlite.create(dataDir, { parsers: typeParsers as never });

  const query = async <R extends Row>(text: string, params?: readonly unknown[]): Promise<R[]> =>
    (await pglite.query<R>(text, params as unknown[] | undefined)).rows;

  return {
    engine: 'pglite',
    query,
    async transaction<T>(work: (tx: Sql) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      return withTransactionRetry(
        () =>
          pglite.transaction(async (t) => {
            if (opts.isolation) await t.query(`SET TRANSACTION ISOLATION LEVEL ${opts.isolation.toUpperCase()}`);
            return work({
              query: async <R extends Row>(text: string, params?: readonly unknown[]) =>
                (await t.query<R>(text, params as unknown[] | undefined)).rows,
            });
          }),
        opts.retries,
      );
    },
    close: () => pglite.close(),
  };
}
