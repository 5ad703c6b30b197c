/**
 * Personal data at rest: identity numbers are stored only as HMAC-SHA256 under a secret key
 * (`LENDCORE_PII_KEY`, read once by the composition root), so equal numbers are found by equal hashes
 * while a copy of the database alone does not reveal them. The development key is public and for
 * local use only.
 */
import { createHmac } from 'node:crypto';
import type { IdNumber } from './id-number.ts';

export const DEVELOPMENT_PII_KEY = 'lendcore-development-pii-key-not-for-production';
const KEY_LENGTH_MIN = 16;

export interface PiiHasher {
  hashIdNumber(id: Pick<IdNumber, 'type' | 'number'>): string;
}

export function createPiiHasher(key: string): PiiHasher {
  if (key.length < KEY_LENGTH_MIN) throw new Error(`LENDCORE_PII_KEY must be at least ${KEY_LENGTH_MIN} characters`);
  return {
    hashIdNumber: (id) => createHmac('sha256', key).update(`${id.type}:${id.number}`).digest('hex'),
  };
}
