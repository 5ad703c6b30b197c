/**
 * Test support: loads the golden vectors of ../shared/vectors/<kind> (read at test time, never
 * copied).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedFolder } from '../../../test/shared-folder.ts';

export interface GoldenVector {
  readonly file: string;
  readonly name: string;
  readonly source: string;
  readonly input: unknown;
  readonly expect: Record<string, unknown>;
}

function vectorsRoot(): string {
  return join(sharedFolder(), 'vectors');
}

export function goldenVectors(kind: 'schedule' | 'apr' | 'servicing'): GoldenVector[] {
  const dir = join(vectorsRoot(), kind);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file: join(dir, file), ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<GoldenVector, 'file'>) }));
}
