/**
 * The PostgreSQL schemas the benchmarks run in, each made for a run and dropped after it (or before
 * the next). Dropping a schema leaves its tables' rows in the system catalogs dead, and a server
 * with autovacuum off, as these machines' is, never reclaims them: after some thirty `bench:api`
 * runs `pg_attribute` held 34,000 dead rows beside 800 live ones, and the run made 300–378 flows/s
 * where a fresh database made 431. So every drop here is followed by a plain VACUUM of the catalogs
 * a schema fills (a database owner may vacuum them; anyone else gets a warning, not an error).
 */
import type { Database } from '../src/db/database.ts';
import { connectPostgres } from '../src/db/postgres.ts';

const CATALOGS = ['pg_class', 'pg_attribute', 'pg_attrdef', 'pg_index', 'pg_constraint', 'pg_depend', 'pg_type', 'pg_trigger', 'pg_sequence', 'pg_namespace'];

/** Drops `schema` and everything in it, if it exists, then vacuums the catalogs it leaves dead rows in. */
export async function dropBenchSchema(admin: Database, schema: string): Promise<void> {
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.query(`VACUUM ${CATALOGS.map((c) => `pg_catalog.${c}`).join(', ')}`);
}

/** Makes `schema` afresh on the server at `url`: whatever a previous run left of it is dropped first. */
export async function freshBenchSchema(url: string, schema: string): Promise<void> {
  const admin = connectPostgres({ connectionString: url, maxConnections: 1 });
  try {
    await dropBenchSchema(admin, schema);
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.close();
  }
}
