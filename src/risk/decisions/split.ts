/**
 * Champion/challenger traffic split by a stable hash: the same key (the customer id) always lands in
 * the same bucket, 0–99, on every process and after every restart, so a customer sees one strategy.
 */

export const BUCKETS = 100;

/** FNV-1a over the UTF-16 code units, then a final avalanche so nearby keys spread over buckets. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) % BUCKETS;
}
