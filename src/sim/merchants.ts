/**
 * Simulated merchants: a category (which sets what its purchases cost), a rating and monthly sales.
 * Shoppers pick a merchant in proportion to its sales, so a few large merchants take most of the
 * volume, as on the platforms behind the Baitiao and Huabei pools. Merchants rated A or better may
 * take a merchant credit line sized on their sales. Pure given the random source.
 */
import type { Random } from '../kernel/random.ts';
import { clamp, logNormal, weighted } from './distributions.ts';

export type MerchantCategory = 'groceries' | 'apparel' | 'beauty' | 'homeGoods' | 'electronics' | 'travel' | 'education';
export type MerchantRating = 'AAA' | 'AA' | 'A' | 'BBB' | 'BB';

export interface Merchant {
  readonly id: string;
  readonly category: MerchantCategory;
  readonly rating: MerchantRating;
  /** Monthly sales in whole yuan. */
  readonly monthlySalesYuan: number;
}

/** Median purchase in whole yuan and the spread of its logarithm, per category. */
const BASKETS: Readonly<Record<MerchantCategory, { median: number; sigma: number; share: number }>> = {
  groceries: { median: 120, sigma: 0.6, share: 0.22 },
  apparel: { median: 260, sigma: 0.6, share: 0.24 },
  beauty: { median: 220, sigma: 0.55, share: 0.12 },
  homeGoods: { median: 450, sigma: 0.7, share: 0.14 },
  electronics: { median: 1_600, sigma: 0.75, share: 0.18 },
  travel: { median: 1_200, sigma: 0.6, share: 0.06 },
  education: { median: 2_500, sigma: 0.5, share: 0.04 },
};

const RATINGS: readonly (readonly [MerchantRating, number])[] = [['AAA', 0.1], ['AA', 0.25], ['A', 0.35], ['BBB', 0.2], ['BB', 0.1]];

export function drawMerchants(random: Random, count: number): Merchant[] {
  const categories = Object.entries(BASKETS).map(([c, b]) => [c as MerchantCategory, b.share] as const);
  return Array.from({ length: count }, (_, i) => ({
    id: `m${String(i + 1).padStart(5, '0')}`,
    category: weighted(random, categories),
    rating: weighted(random, RATINGS),
    monthlySalesYuan: Math.round(logNormal(random, 150_000, 1.1)),
  }));
}

/** Picks merchants in proportion to their sales (cumulative weights, binary search). */
export function merchantPicker(merchants: readonly Merchant[]): (random: Random) => Merchant {
  const cumulative: number[] = [];
  let total = 0;
  for (const m of merchants) cumulative.push((total += m.monthlySalesYuan));
  return (random) => {
    const r = random.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return merchants[lo]!;
  };
}

/** A purchase at this merchant, in whole yuan, within the product's bounds. */
export function drawBasketYuan(random: Random, merchant: Merchant, minYuan: number, maxYuan: number): number {
  const basket = BASKETS[merchant.category];
  return Math.round(clamp(logNormal(random, basket.median, basket.sigma), minYuan, maxYuan));
}

export function takesMerchantLine(merchant: Merchant): boolean {
  return merchant.rating === 'AAA' || merchant.rating === 'AA' || merchant.rating === 'A';
}
