/**
 * Delinquency buckets by days past due (../shared/DESIGN.md §5): M0 current, M1 1–30, M2 31–60,
 * M3 61–90, M4 91–120, M5 121–150, M6 151–180, M7 over 180.
 */
import { BUCKETS, type Bucket } from './types.ts';

export function bucketOf(daysPastDue: number): Bucket {
  if (daysPastDue <= 0) return 'M0';
  return BUCKETS[Math.min(7, Math.ceil(daysPastDue / 30))]!;
}
