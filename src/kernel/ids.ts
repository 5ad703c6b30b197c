/**
 * Prefixed, sortable ids: `loan_01JD3V6Z8Q...`. The part after the prefix is a ULID-style string
 * (48-bit millisecond time then 80 random bits, Crockford base32), so ids sort by creation time and
 * are unique without coordination. Within one millisecond the random part is incremented, keeping a
 * single generator's ids strictly increasing. Clients may bring their own ids instead.
 */
import { randomFillSync } from 'node:crypto';
import { epochMs, type Clock } from './instant.ts';
import type { Random } from './random.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type IdPrefix = string;

export interface IdGenerator {
  next(prefix: IdPrefix): string;
}

/** `random` defaults to the OS's CSPRNG; pass a seeded one for deterministic simulations. */
export function createIdGenerator(clock: Clock, random?: Random): IdGenerator {
  let lastMs = -1;
  const entropy = new Uint8Array(10); // 80 bits, big-endian
  // The CSPRNG is asked for a pool of bytes at a time, not ten per millisecond: one call instead of 256.
  const pool = new Uint8Array(entropy.length * 256);
  let pooled = 0;
  const fill = (): void => {
    if (random) {
      for (let i = 0; i < entropy.length; i++) entropy[i] = random.int(0, 255);
      return;
    }
    if (pooled === 0) {
      randomFillSync(pool);
      pooled = pool.length;
    }
    entropy.set(pool.subarray(pooled - entropy.length, pooled));
    pooled -= entropy.length;
  };
  const increment = (): void => {
    for (let i = 9; i >= 0; i--) {
      const v = (entropy[i] as number) + 1;
      entropy[i] = v & 0xff;
      if (v <= 0xff) return;
    }
  };
  return {
    next(prefix) {
      const ms = epochMs(clock.now());
      if (ms === lastMs) increment();
      else {
        lastMs = ms;
        fill();
      }
      return `${prefix}_${encodeTime(ms)}${encodeEntropy(entropy)}`;
    },
  };
}

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeEntropy(bytes: Uint8Array): string {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

const CLIENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Client-supplied ids: 1–64 characters of letters, digits and `_.:-`. */
export function isValidClientId(id: unknown): id is string {
  return typeof id === 'string' && CLIENT_ID_PATTERN.test(id);
}
