/**
 * `lendcore migrate`: applies pending SQL migrations to the configured database (DATABASE_URL, or
 * PGlite in LENDCORE_DATA_DIR / .lendcore).
 */
import type { Command } from 'commander';
import { openDatabase } from '../../db/open.ts';
import { migrate } from '../../db/migrate.ts';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const db = await openDatabase({ migrate: false });
      try {
        const applied = await migrate(db);
        process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'schema is up to date\n');
      } finally {
        await db.close();
      }
    });
}
