import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';

describe('openDatabase', () => {
  const saved = process.env.DATABASE_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  });

  it('opens the embedded engine when a data directory is named, whatever DATABASE_URL says', async () => {
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
    const db = await openDatabase({ dataDir: ':memory:', migrate: false });
    expect(db.engine).toBe('pglite');
    await db.close();
  });
});
