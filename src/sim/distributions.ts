/**
 * The few distributions the synthetic population is drawn from, over the kernel's seeded `Random`:
 * normal (Box–Muller), log-normal by its median, and a pick weighted by shares. Pure given the random
 * source, so a seed always draws the same population. Sampled values are plain numbers; amounts are
 * drawn as whole currency units and only then become bigint minor units (sim/population.ts).
 */
import type { Random } from '../kernel/random.ts';

export function normal(random: Random, mean: number, sd: number): number {
  const u = 1 - random.next();
  const v = random.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A log-normal value with the given median; `sigma` is the spread of its logarithm. */
export function logNormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(normal(random, 0, sigma));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** One of `choices`, each with probability share / sum of shares. */
export function weighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, share]) => sum + share, 0);
  let r = random.next() * total;
  for (const [value, share] of choices) {
    r -= share;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/** Days until the next event of a Poisson process with `perDay` events a day (at least 1). */
export function daysUntilNext(random: Random, perDay: number): number {
  return Math.max(1, Math.ceil(-Math.log(1 - random.next()) / perDay));
}
