/**
 * One tenant's black, grey and white lists in memory: a fingerprint set per list, each holding
 * (identifier type, normalised value) fingerprints. The database table `risk_list_entries` is the
 * source of truth; this index is rebuilt from it by the list service's loader and kept in step with
 * every add and remove it makes.
 * Invariant: values are normalised before they are fingerprinted, on the way in and on lookup.
 */
import { limits } from '../../kernel/limits.ts';
import { normaliseIdentifier, type IdentifierType } from '../identifiers.ts';
import { fingerprintInto, type Fingerprint } from './fingerprint.ts';
import { FingerprintSet } from './fingerprint-set.ts';

export const LIST_KINDS = ['black', 'grey', 'white'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

export function isListKind(value: unknown): value is ListKind {
  return typeof value === 'string' && (LIST_KINDS as readonly string[]).includes(value);
}

export class ListIndex {
  private readonly sets: Record<ListKind, FingerprintSet>;
  private readonly scratch: Fingerprint = { hi: 0, lo: 0 };

  constructor(expected: Partial<Record<ListKind, number>> = {}) {
    this.sets = {
      black: new FingerprintSet(expected.black ?? 0),
      grey: new FingerprintSet(expected.grey ?? 0),
      white: new FingerprintSet(expected.white ?? 0),
    };
  }

  size(kind: ListKind): number {
    return this.sets[kind].size;
  }

  bytes(): number {
    return this.sets.black.bytes + this.sets.grey.bytes + this.sets.white.bytes;
  }

  /** Adds a value; false when it was listed already or the list is full (`hasRoomFor` says which). */
  add(kind: ListKind, type: IdentifierType, rawValue: string): boolean {
    if (!this.hasRoomFor(kind, 1)) return false;
    const f = fingerprintInto(type, normaliseIdentifier(type, rawValue), this.scratch);
    return this.sets[kind].add(f.hi, f.lo);
  }

  /**
   * Adds many values already in normal form (an import), growing the list's set once; returns how
   * many were new. The caller has checked `hasRoomFor`.
   */
  addNormalised(kind: ListKind, types: readonly IdentifierType[], values: readonly string[]): number {
    const set = this.sets[kind];
    set.reserve(set.size + types.length);
    const f = this.scratch;
    let added = 0;
    for (let i = 0; i < types.length; i++) {
      fingerprintInto(types[i] as IdentifierType, values[i] as string, f);
      if (set.add(f.hi, f.lo)) added++;
    }
    return added;
  }

  remove(kind: ListKind, type: IdentifierType, rawValue: string): boolean {
    const f = fingerprintInto(type, normaliseIdentifier(type, rawValue), this.scratch);
    return this.sets[kind].delete(f.hi, f.lo);
  }

  hasRoomFor(kind: ListKind, entries: number): boolean {
    return this.sets[kind].size + entries <= limits.riskListEntriesMax;
  }

  /** Lookup by a fingerprint the caller computed once for all three lists. */
  hasFingerprint(kind: ListKind, f: Fingerprint): boolean {
    return this.sets[kind].has(f.hi, f.lo);
  }

  has(kind: ListKind, type: IdentifierType, rawValue: string): boolean {
    return this.hasFingerprint(kind, fingerprintInto(type, normaliseIdentifier(type, rawValue), this.scratch));
  }
}
