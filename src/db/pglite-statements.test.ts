import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limits } from '../kernel/limits.ts';
import type { Database } from './database.ts';
import { openPglite } from './pglite.ts';

describe('PGlite prepared statements', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openPglite();
  });
  afterAll(async () => {
    await db.close();
  });

  it(`keeps at most limits.pgliteStatementsMax (${limits.pgliteStatementsMax}) statements prepared`, async () => {
    for (let i = 0; i < limits.pgliteStatementsMax + 5; i++) {
      const [row] = await db.query<{ n: number }>(`SELECT ${i}::int AS n`);
      expect(row?.n).toBe(i);
    }
    const [row] = await db.query<{ n: bigint }>('SELECT count(*)::int8 AS n FROM pg_prepared_statements');
    expect(row?.n).toBeLessThanOrEqual(BigInt(limits.pgliteStatementsMax));
    // The first statements were closed and are prepared again on use.
    expect(await db.query('SELECT 0::int AS n')).toEqual([{ n: 0 }]);
  });

  it('sees a table changed by DDL after its statement was prepared', async () => {
    await db.query('CREATE TABLE ddl_probe (id int PRIMARY KEY)');
    await db.query('INSERT INTO ddl_probe (id) VALUES ($1)', [1]);
    expect(await db.query('SELECT * FROM ddl_probe')).toEqual([{ id: 1 }]);
    await db.query("ALTER TABLE ddl_probe ADD COLUMN label text NOT NULL DEFAULT 'x'");
    expect(await db.query('SELECT * FROM ddl_probe')).toEqual([{ id: 1, label: 'x' }]);
  });

  it('throws a failed statement with its SQLSTATE and goes on answering', async () => {
    await expect(db.query('SELECT 1 / 0 AS n')).rejects.toMatchObject({ code: '22012' });
    expect(await db.query('SELECT 2::int AS n')).toEqual([{ n: 2 }]);
  });

  it('reads a column named __proto__ as data, not as the row prototype', async () => {
    const [row] = await db.query<Record<string, unknown>>(`SELECT 'x'::text AS "__proto__", 1::int AS n`);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row ?? {})).toEqual(['__proto__', 'n']);
  });

  it('refuses a commit after a failed statement the work swallowed', async () => {
    await db.query('CREATE TABLE abort_probe (id int PRIMARY KEY)');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO abort_probe (id) VALUES (1)');
        await tx.query('INSERT INTO abort_probe (id) VALUES (1)').catch(() => undefined);
      }, { retries: 0 }),
    ).rejects.toThrow();
    expect(await db.query('SELECT * FROM abort_probe')).toEqual([]);
  });
});

describe('PGlite batches', () => {
  it(`plans a call binding more than limits.pgliteGenericPlanArrayMax (${limits.pgliteGenericPlanArrayMax}) elements for itself, on the same rows`, async () => {
    const db = await openPglite();
    const text = 'SELECT count(*)::int8 AS n FROM unnest($1::int8[]) AS x(v) WHERE v >= 0';
    const small = Array.from({ length: limits.pgliteGenericPlanArrayMax }, (_, i) => BigInt(i));
    const large = Array.from({ length: limits.pgliteGenericPlanArrayMax + 1 }, (_, i) => BigInt(i));
    for (let i = 0; i < 3; i++) expect(await db.query(text, [small])).toEqual([{ n: BigInt(small.length) }]);
    expect(await db.query(text, [large])).toEqual([{ n: BigInt(large.length) }]);
    // Only the small calls ran the prepared statement.
    const [stats] = await db.query<{ runs: bigint }>('SELECT (generic_plans + custom_plans)::int8 AS runs FROM pg_prepared_statements WHERE statement = $1', [text]);
    expect(stats?.runs).toBe(3n);
    await db.close();
  });
});

describe('PGlite plans', () => {
  it(`prepares every statement again after limits.pgliteStatementRunsMax (${limits.pgliteStatementRunsMax}) statements in all, however rarely it ran`, async () => {
    const db = await openPglite();
    const rare = 'SELECT $1::int AS rare';
    const runsOf = async (text: string) =>
      (await db.query<{ runs: bigint }>('SELECT (generic_plans + custom_plans)::int8 AS runs FROM pg_prepared_statements WHERE statement = $1', [text]))[0]?.runs;
    await db.query(rare, [0]);
    await db.query(rare, [1]);
    for (let i = 0; i < limits.pgliteStatementRunsMax; i++) await db.query('SELECT $1::int AS often', [i]);
    await db.query(rare, [2]);
    expect(await runsOf(rare)).toBe(1n);
    await db.close();
  });
});

describe('PGlite settings', () => {
  it('opens with the buffer cache it is asked for', async () => {
    const db = await openPglite(undefined, { sharedBuffersMb: 48 });
    try {
      expect(await db.query('SHOW shared_buffers')).toEqual([{ shared_buffers: '48MB' }]);
    } finally {
      await db.close();
    }
  });
  it(`vacuums and gathers the planner's statistics after limits.pgliteVacuumEveryStatements (${limits.pgliteVacuumEveryStatements}) statements`, async () => {
    const db = await openPglite();
    try {
      await db.query('CREATE TABLE stats_probe (tenant_id text, id int)');
      await db.query("INSERT INTO stats_probe SELECT 't', g FROM generate_series(1, 1000) g");
      const analyzed = async (): Promise<boolean> =>
        (await db.query("SELECT 1 FROM pg_stats WHERE tablename = 'stats_probe' AND attname = 'tenant_id'")).length > 0;
      expect(await analyzed()).toBe(false);
      for (let i = 3; i < limits.pgliteVacuumEveryStatements; i++) await db.query('SELECT 1');
      // The next statement or transaction starts after ANALYZE.
      await db.transaction(async (tx) => tx.query('SELECT 1'));
      expect(await analyzed()).toBe(true);
    } finally {
      await db.close();
    }
  });
});
