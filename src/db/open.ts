/**
 * Choosing the engine: PostgreSQL when DATABASE_URL is set, otherwise PGlite in LENDCORE_DATA_DIR
 * (default `.lendcore/`). Migrations run on open, so every process sees the current schema.
 */
import { mkdirSync } from 'node:fs';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { connectPostgres } from './postgres.ts';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; defaults to DATABASE_URL unless `dataDir` is given. */
  readonly url?: string;
  /** PGlite directory; defaults to LENDCORE_DATA_DIR or `.lendcore`. `:memory:` keeps it in memory. */
  readonly dataDir?: string;
  readonly maxConnections?: number;
  readonly schema?: string;
  /** Apply pending migrations (default true). */
  readonly migrate?: boolean;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  // An explicit PGlite directory (or ':memory:') is asked for by name: it wins over DATABASE_URL.
  const url = options.url ?? (options.dataDir === undefined ? process.env.DATABASE_URL : undefined);
  let db: Database;
  if (url) {
    db = connectPostgres({ connectionString: url, maxConnections: options.maxConnections, schema: options.schema });
  } else {
    const dir = options.dataDir ?? process.env.LENDCORE_DATA_DIR ?? '.lendcore';
    if (dir === ':memory:') db = await openPglite();
    else {
      mkdirSync(dir, { recursive: true });
      db = await openPglite(dir);
    }
  }
  if (options.migrate !== false) await migrate(db);
  return db;
}
