/**
 * Versioned SQL migrations. Each module keeps its own in `src/<module>/migrations/NNNN_<name>.sql`;
 * numbers are allotted by module (0100 ledger, 0200 lending, 0300 risk, …) and all files run in the
 * order of their names, each once, each in its own transaction, recorded in `schema_migrations`.
 * An advisory lock makes concurrent starters wait for each other instead of racing. Applied files are
 * never edited: a change is a new file.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

const SRC_DIR = fileURLToPath(new URL('..', import.meta.url));
const MIGRATION_LOCK_KEY = 7_338_210_001;

export interface Migration {
  readonly version: string;
  readonly sql: string;
}

export function discoverMigrations(srcDir: string = SRC_DIR): Migration[] {
  const found: Migration[] = [];
  for (const module of readdirSync(srcDir, { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const dir = join(srcDir, module.name, 'migrations');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      if (!/^\d{4}_[a-z0-9_]+\.sql$/.test(file)) continue;
      found.push({ version: basename(file, '.sql'), sql: readFileSync(join(dir, file), 'utf8') });
    }
  }
  found.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return found;
}

/** Applies every migration not yet applied; returns the versions it applied. */
export async function migrate(db: Database, migrations: readonly Migration[] = discoverMigrations()): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/**
 * Splits a migration into statements on semicolons that end a line, keeping `$$`-quoted function
 * bodies whole. Migrations are written so that this simple rule holds.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && !inDollar) continue;
    current += `${line}\n`;
    const dollars = line.match(/\$\$/g)?.length ?? 0;
    if (dollars % 2 === 1) inDollar = !inDollar;
    if (!inDollar && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') statements.push(current.trim());
  return statements;
}
