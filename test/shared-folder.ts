/**
 * Test support: the shared product folder (DESIGN, CONTRACTS, golden vectors, credit data) that sits
 * beside the checkout as ../shared. LENDCORE_SHARED_DIR overrides it; a git worktree one level deeper
 * than the main checkout finds it one level further up.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedFolder(): string {
  const candidates = [process.env.LENDCORE_SHARED_DIR, resolve(repositoryRoot, '../shared'), resolve(repositoryRoot, '../../shared')];
  const found = candidates.find((dir): dir is string => dir !== undefined && existsSync(resolve(dir, 'CONTRACTS.md')));
  if (found === undefined) throw new Error(`the shared folder is not beside the checkout (looked in ${candidates.filter(Boolean).join(', ')}); set LENDCORE_SHARED_DIR`);
  return found;
}
