/**
 * Running statements on PGlite through the wire protocol, with a cache of prepared statements.
 *
 * A data or transaction-control statement (SELECT, INSERT, UPDATE, DELETE, WITH, BEGIN, COMMIT,
 * ROLLBACK, SAVEPOINT, RELEASE, SET) is parsed once under a generated name (Parse + Describe + Sync:
 * its parameter types and its row description), then every call is one message buffer, Bind +
 * Execute + Sync, executed in one trip (pglite-wire.ts). Parameters are serialised by PGlite's own
 * serialisers and fields parsed by its type parsers, so the values are exactly those `PGlite.query`
 * gives. Any other statement (DDL) runs unnamed and then drops every prepared statement, since it
 * may change what a cached row description says.
 *
 * A call with an array parameter longer than `limits.pgliteGenericPlanArrayMax` (a batch) is parsed
 * again, unnamed, in the same single trip, so PostgreSQL plans it for its real size.
 *
 * Invariants: at most `limits.pgliteStatementsMax` statements are prepared (least recently used are
 * closed first); each call holds PGlite's query lock for its whole exchange, as `PGlite.query` does.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { RowDescriptionMessage } from 'pg-protocol/dist/messages';
import { limits } from '../kernel/limits.ts';
import { exchange as exchangeWith, firstResult, parameterTypes, rowDescriptionOf, serialize, type ResultSet, type TypeParsers } from './pglite-wire.ts';

type Serializers = Record<number, (value: unknown) => string>;

interface Prepared {
  readonly name: string;
  /** The planning generation it was prepared in (see `generation` below). */
  readonly generation: number;
  readonly paramTypes: readonly number[];
  /** The statement's row description, or null when it returns no rows. */
  readonly rowDescription: RowDescriptionMessage | null;
}

export type StatementResult = ResultSet;

const PREPARED_VERBS = new Set(['select', 'insert', 'update', 'delete', 'with', 'begin', 'commit', 'rollback', 'savepoint', 'release', 'set', 'values']);

function verbOf(text: string): string {
  return /^\s*(?:--[^\n]*\n\s*)*([A-Za-z]+)/.exec(text)?.[1]?.toLowerCase() ?? '';
}

/** Runs one statement with parameters ($1, $2, …) and returns its rows and command. */
export type StatementRunner = (text: string, params?: readonly unknown[]) => Promise<StatementResult>;

export function createStatementRunner(pglite: PGlite): StatementRunner {
  // PGlite's parsers (its defaults, the array types, and the ones it was created with) and serialisers.
  const engine = pglite as unknown as { parsers: TypeParsers; serializers: Serializers };
  const prepared = new Map<string, Prepared>();
  let nextName = 0;
  // PGlite runs no autovacuum: a plan made while a table was small (a scan) would stay while it grows,
  // however rarely its statement runs. Every `limits.pgliteStatementRunsMax` statements run in all, a
  // new generation starts and each statement is prepared again on its next use, planned for the tables
  // as they are then.
  let generation = 0;
  let runsInGeneration = 0;

  const exchange = (parts: readonly Uint8Array[]) => exchangeWith(pglite, parts);

  const serializeParams = (params: readonly unknown[], types: readonly number[]): (string | null)[] =>
    params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = engine.serializers[types[i] as number];
      return serializer ? serializer(value) : String(value);
    });

  const prepare = async (text: string): Promise<Prepared> => {
    const name = `lc_${nextName++}`;
    const messages = await exchange([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]);
    const statement: Prepared = {
      name,
      generation,
      paramTypes: parameterTypes(messages),
      rowDescription: rowDescriptionOf(messages),
    };
    if (prepared.size >= limits.pgliteStatementsMax) await unprepare(prepared.keys().next().value as string);
    prepared.set(text, statement);
    return statement;
  };

  const unprepare = async (text: string): Promise<void> => {
    const statement = prepared.get(text) as Prepared;
    prepared.delete(text);
    await exchange([serialize.close({ type: 'S', name: statement.name }), serialize.sync()]);
  };

  const runPrepared = async (text: string, params: readonly unknown[]): Promise<StatementResult> => {
    if (++runsInGeneration >= limits.pgliteStatementRunsMax) {
      generation++;
      runsInGeneration = 0;
    }
    let statement = prepared.get(text);
    if (statement && statement.generation !== generation) {
      await unprepare(text);
      statement = undefined;
    }
    if (statement) {
      prepared.delete(text); // most recently used last
      prepared.set(text, statement);
    } else statement = await prepare(text);
    const values = serializeParams(params, statement.paramTypes);
    // A batch is planned for its own size: the prepared statement's plan may be a generic one, which
    // guesses ten rows per array and is many times slower on thousands. Still one trip.
    const batch = params.some((p) => Array.isArray(p) && p.length > limits.pgliteGenericPlanArrayMax);
    const messages = await exchange(
      batch
        ? [serialize.parse({ text, types: [...statement.paramTypes] }), serialize.bind({ values }), serialize.execute({}), serialize.sync()]
        : [serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()],
    );
    return firstResult(messages, statement.rowDescription, engine.parsers);
  };

  const runUnnamed = async (text: string, params: readonly unknown[]): Promise<StatementResult> => {
    const described = await exchange([serialize.parse({ text }), serialize.describe({ type: 'S' }), serialize.sync()]);
    const messages = await exchange([
      serialize.bind({ values: serializeParams(params, parameterTypes(described)) }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    if (prepared.size > 0) {
      prepared.clear();
      await exchange([serialize.query('DEALLOCATE ALL')]);
    }
    return firstResult(messages, null, engine.parsers);
  };

  return (text, params = []) =>
    pglite.runExclusive(() => (PREPARED_VERBS.has(verbOf(text)) ? runPrepared(text, params) : runUnnamed(text, params)));
}
