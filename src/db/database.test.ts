import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { splitStatements } from './migrate.ts';
import { openTestDatabase } from './test-database.ts';

describe('database', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.close();
  });

  it('maps int8 to bigint, date to text, timestamptz to an ISO instant', async () => {
    const [row] = await db.query<{ big: bigint; day: string; at: string; n: string }>(
      `SELECT 9223372036854775807::int8 AS big, '2024-02-29'::date AS day,
              '2026-11-21 04:05:06.789+00'::timestamptz AS at, 1.50::numeric AS n`,
    );
    expect(row).toEqual({ big: 9223372036854775807n, day: '2024-02-29', at: '2026-11-21T04:05:06.789Z', n: '1.50' });
  });

  it('passes bigint parameters exactly', async () => {
    const [row] = await db.query<{ v: bigint }>('SELECT $1::int8 + 1 AS v', [9223372036854775806n]);
    expect(row?.v).toBe(9223372036854775807n);
  });

  it('rolls a transaction back when its work throws', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS tx_probe (tenant_id text NOT NULL, v int NOT NULL, PRIMARY KEY (tenant_id, v))');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO tx_probe VALUES ('t', 1)`);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('SELECT * FROM tx_probe')).toEqual([]);
  });

  it('never runs a statement from outside a transaction inside it, so a rollback cannot take it along', async () => {
    await db.query('CREATE TABLE IF NOT EXISTS tx_isolation_probe (tenant_id text NOT NULL, v int NOT NULL, PRIMARY KEY (tenant_id, v))');
    let outsideDone: Promise<unknown> = Promise.resolve();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO tx_isolation_probe VALUES ('t', 1)`);
        outsideDone = db.query(`INSERT INTO tx_isolation_probe VALUES ('t', 2)`); // another caller, meanwhile
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.query('SELECT 1');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await outsideDone;
    expect(await db.query('SELECT v FROM tx_isolation_probe ORDER BY v')).toEqual([{ v: 2 }]);
  });

  it('has applied the migrations', async () => {
    const rows = await db.query('SELECT version FROM schema_migrations');
    expect(Array.isArray(rows)).toBe(true);
  });
});

describe('splitStatements', () => {
  it('keeps dollar-quoted bodies whole', () => {
    const sql = `CREATE TABLE a (x int);\n-- note;\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RAISE EXCEPTION 'no';\nEND;\n$$ LANGUAGE plpgsql;\n`;
    expect(splitStatements(sql)).toHaveLength(2);
  });
});
