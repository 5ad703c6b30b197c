/**
 * Databases for tests: an in-memory PGlite by default; with DATABASE_URL, a fresh schema of its own on
 * that PostgreSQL, dropped on close, so test files run in parallel without seeing each other's rows.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from './database.ts';
import { discoverMigrations, migrate } from './migrate.ts';
import { openDatabase } from './open.ts';
import { connectPostgres } from './postgres.ts';

/** `migrate: false` leaves the schema empty, for a test that applies migrations itself. */
export async function openTestDatabase(options: { maxConnections?: number; migrate?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) return openDatabase({ dataDir: ':memory:', migrate: options.migrate });
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = connectPostgres({ connectionString: url, maxConnections: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await openDatabase({ url, schema, maxConnections: options.maxConnections ?? 8, migrate: options.migrate });
  return {
    ...db,
    async close() {
      await db.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/**
 * A test database as a data migration finds it: migrated up to just before `version`, `seed` run
 * on it to write rows of the earlier form, then migrated the rest of the way.
 */
export async function openTestDatabaseAcross(version: string, seed: (db: Database) => Promise<void>): Promise<Database> {
  const db = await openTestDatabase({ migrate: false });
  const all = discoverMigrations();
  await migrate(db, all.filter((m) => m.version < version));
  await seed(db);
  await migrate(db, all);
  return db;
}
