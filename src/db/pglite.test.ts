import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from './pglite.ts';

describe('openPglite on a directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'lendcore-pglite-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('makes a new database, then opens it again with what it holds', async () => {
    const dir = join(root, 'db');
    const first = await openPglite(dir);
    await first.query('CREATE TABLE kept (n int8)');
    await first.query('INSERT INTO kept VALUES (42)');
    await first.close();
    const again = await openPglite(dir);
    expect(await again.query('SELECT n FROM kept')).toEqual([{ n: 42n }]);
    await again.close();
  });

  it('says where and why it could not make a database', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    await expect(openPglite(join(file, 'db'))).rejects.toThrow(/could not make a database in .*a-file\/db: .*ENOTDIR/);
  });
});
