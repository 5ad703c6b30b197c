/**
 * One interface over the two PostgreSQL engines lendcore runs on: PGlite (embedded, the default) and
 * PostgreSQL (a `pg` pool, when DATABASE_URL is set). Both speak the same SQL and return the same
 * JavaScript types: int8 as bigint, numeric as string, date as `YYYY-MM-DD`, timestamptz as an ISO
 * instant. Modules receive a `Database` and never know which engine is behind it.
 */
export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Prepares the statement once per connection under this name and reuses its plan (PostgreSQL),
   * for hot statements whose planning would cost as much as running them. One name, one text.
   * PGlite ignores it.
   */
  readonly name?: string;
}

export interface Sql {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  readonly isolation?: IsolationLevel;
  /** Retries after serialization failures and deadlocks; defaults to limits.transactionRetriesMax. */
  readonly retries?: number;
}

export interface Database extends Sql {
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction, committed when it resolves and rolled back when it throws.
   * Serialization failures and deadlocks are retried a bounded number of times, so `work` must be
   * safe to run again (it only touches the database through `tx`).
   */
  transaction<T>(work: (tx: Sql) => Promise<T>, options?: TransactionOptions): Promise<T>;
  close(): Promise<void>;
}

/** SQLSTATE codes after which a whole transaction may simply be run again. */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40001', '40P01']);

export function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
