/**
 * LoanState to and from a JSON-safe value (a jsonb column): every amount — the fields named
 * `…Minor` — is a decimal string of minor units; nothing else changes. Round-trips exactly.
 */
import type { LoanState } from './types.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function serializeLoanState(state: LoanState): Json {
  return toJson(state);
}

export function deserializeLoanState(json: Json): LoanState {
  return fromJson(json, '') as unknown as LoanState;
}

function toJson(value: unknown): Json {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(value)) out[key] = toJson(v);
    return out;
  }
  return value as Json;
}

function fromJson(value: Json, key: string): unknown {
  if (typeof value === 'string' && key.endsWith('Minor')) return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => fromJson(v, ''));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v, k);
    return out;
  }
  return value;
}
