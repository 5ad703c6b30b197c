/**
 * A set of 64-bit fingerprints in open addressing with linear probing over two Uint32Arrays (high
 * and low halves): 8 bytes a slot, no object per entry, constant-time lookups with no allocation.
 * Invariants: the capacity is a power of two; the load stays at or below 3/4 (so an entry costs at
 * most 8 / 0.375 ≈ 21 bytes right after a doubling and ≤ 16 bytes once a presized set is filled past
 * half); (0, 0) marks an empty slot; deletion shifts the following run back instead of leaving
 * tombstones, so a probe never walks over dead slots.
 */
import { assert } from '../../kernel/assert.ts';

const MIN_CAPACITY = 16;
const LOAD_NUMERATOR = 3;
const LOAD_DENOMINATOR = 4;

export class FingerprintSet {
  private his: Uint32Array;
  private los: Uint32Array;
  private mask: number;
  private count = 0;

  /** `expectedEntries` presizes the table so that many entries fit without rehashing. */
  constructor(expectedEntries = 0) {
    const capacity = capacityFor(expectedEntries);
    this.his = new Uint32Array(capacity);
    this.los = new Uint32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.his.byteLength + this.los.byteLength;
  }

  /** Grows the table once so that `entries` in total fit without a rehash on the way. */
  reserve(entries: number): void {
    const capacity = capacityFor(entries);
    if (capacity > this.capacity) this.resize(capacity);
  }

  has(hi: number, lo: number): boolean {
    const his = this.his;
    const los = this.los;
    const mask = this.mask;
    let slot = home(hi, lo, mask);
    for (;;) {
      const h = his[slot] as number;
      const l = los[slot] as number;
      if (h === hi && l === lo) return true;
      if (h === 0 && l === 0) return false;
      slot = (slot + 1) & mask;
    }
  }

  /** Adds the fingerprint; false when it was already there. */
  add(hi: number, lo: number): boolean {
    assert(hi !== 0 || lo !== 0, 'the empty fingerprint cannot be stored');
    if ((this.count + 1) * LOAD_DENOMINATOR > this.capacity * LOAD_NUMERATOR) this.resize(this.capacity * 2);
    const mask = this.mask;
    let slot = home(hi, lo, mask);
    for (;;) {
      const h = this.his[slot] as number;
      const l = this.los[slot] as number;
      if (h === hi && l === lo) return false;
      if (h === 0 && l === 0) break;
      slot = (slot + 1) & mask;
    }
    this.his[slot] = hi;
    this.los[slot] = lo;
    this.count++;
    return true;
  }

  /** Removes the fingerprint; false when it was not there. */
  delete(hi: number, lo: number): boolean {
    const mask = this.mask;
    let slot = home(hi, lo, mask);
    for (;;) {
      const h = this.his[slot] as number;
      const l = this.los[slot] as number;
      if (h === hi && l === lo) break;
      if (h === 0 && l === 0) return false;
      slot = (slot + 1) & mask;
    }
    // Backward-shift: move each later entry of the run into the hole when its home allows it.
    let hole = slot;
    let next = (hole + 1) & mask;
    for (;;) {
      const h = this.his[next] as number;
      const l = this.los[next] as number;
      if (h === 0 && l === 0) break;
      const wanted = home(h, l, mask);
      // The entry may move to the hole if the hole lies cyclically in [wanted, next).
      if (((next - wanted) & mask) >= ((next - hole) & mask)) {
        this.his[hole] = h;
        this.los[hole] = l;
        hole = next;
      }
      next = (next + 1) & mask;
    }
    this.his[hole] = 0;
    this.los[hole] = 0;
    this.count--;
    return true;
  }

  clear(): void {
    this.his.fill(0);
    this.los.fill(0);
    this.count = 0;
  }

  private resize(capacity: number): void {
    const oldHis = this.his;
    const oldLos = this.los;
    this.his = new Uint32Array(capacity);
    this.los = new Uint32Array(capacity);
    this.mask = capacity - 1;
    this.count = 0;
    for (let i = 0; i < oldHis.length; i++) {
      const h = oldHis[i] as number;
      const l = oldLos[i] as number;
      if (h !== 0 || l !== 0) this.add(h, l);
    }
  }
}

function home(hi: number, lo: number, mask: number): number {
  return (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
}

function capacityFor(entries: number): number {
  let capacity = MIN_CAPACITY;
  while (entries * LOAD_DENOMINATOR > capacity * LOAD_NUMERATOR) capacity *= 2;
  return capacity;
}
