/**
 * The PostgreSQL engine: a `pg` pool. Type parsers are set per pool, never globally, so two pools in
 * one process (tests, benchmarks) cannot disturb each other.
 */
import pg from 'pg';
import { arrayLiteral } from './array-literal.ts';
import type { Database, QueryOptions, Row, Sql, TransactionOptions } from './database.ts';
import { withTransactionRetry } from './retry.ts';
import { typeParsers } from './types.ts';

export interface PostgresOptions {
  readonly connectionString: string;
  readonly maxConnections?: number;
  /** search_path for every connection, e.g. a test's private schema. */
  readonly schema?: string;
}

const types = {
  getTypeParser(oid: number, format?: string) {
    const parser = typeParsers[oid];
    if (parser && format !== 'binary') return parser;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Array parameters go as literals written by array-literal.ts, where it can write them. */
function values(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params?.map((p) => (Array.isArray(p) ? (arrayLiteral(p) ?? p) : p));
}

function statement(text: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined): pg.QueryConfig {
  return { text, values: values(params), ...(options?.name ? { name: options.name } : {}) };
}

/**
 * Planner settings for every session. lendcore's hot statements look rows up by key from arrays
 * (`unnest`); with the default random_page_cost of 4 (spinning disks) the planner prefers scanning a
 * small-but-growing table whole over a few index probes, which is several times slower and grows with
 * the table. 1.1 is the usual value for SSD and in-memory data.
 *
 * Named statements (the ledger's) are planned for each run, never from a cached generic plan. A
 * generic plan is made once per connection, after five runs, from the statistics of that moment: made
 * while the ledger's tables were small and not yet analyzed (a new database until autoanalyze first
 * runs; always, where autovacuum is off, as on these machines), the checked blind write probed
 * `ledger_transfers` for each new id through a tenant's credit-account index instead of the primary
 * key, 13 ms a probe at 42,000 transfers, and kept doing so as the table grew. A plan made for the
 * run sees the table's real size and takes the key. The name still saves the parse.
 * Durability settings are never changed.
 */
const SESSION_SETTINGS = ['-c random_page_cost=1.1', '-c plan_cache_mode=force_custom_plan'];

export function connectPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    types: types as never,
    options: [...SESSION_SETTINGS, ...(options.schema ? [`-c search_path=${options.schema}`] : [])].join(' '),
  });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on('error', () => undefined);

  const query = async <R extends Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]> => {
    const result = await pool.query(statement(text, params, options));
    return result.rows as R[];
  };

  return {
    engine: 'postgres',
    query,
    async transaction<T>(work: (tx: Sql) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
      return withTransactionRetry(async () => {
        const client = await pool.connect();
        let broken = false;
        try {
          await client.query(`BEGIN ISOLATION LEVEL ${(opts.isolation ?? 'read committed').toUpperCase()}`);
          const tx: Sql = {
            query: async <R extends Row>(text: string, params?: readonly unknown[], options?: QueryOptions) =>
              (await client.query(statement(text, params, options))).rows as R[],
          };
          const value = await work(tx);
          await client.query('COMMIT');
          return value;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
          } catch {
            broken = true;
          }
          throw error;
        } finally {
          client.release(broken);
        }
      }, opts.retries);
    },
    close: () => pool.end(),
  };
}
