/**
 * How a simulated borrower repays, from always on time to default, in shares like the published ABS
 * pools of Chinese consumer credit (most borrowers auto-debit on the due date; a few pay late and
 * cure; a few pay off early; a small tail stops paying). `installmentPlan` says, for one installment,
 * when the borrower pays it; fraud-ring members who got credit never pay. Pure given the random source.
 */
import type { Random } from '../kernel/random.ts';
import { weighted } from './distributions.ts';

export type Behaviour = 'autoDebit' | 'latePayer' | 'earlyPayoff' | 'defaulter' | 'fraud';

export const BEHAVIOUR_SHARES: readonly (readonly [Exclude<Behaviour, 'fraud'>, number])[] = [
  ['autoDebit', 0.85],
  ['latePayer', 0.09],
  ['earlyPayoff', 0.04],
  ['defaulter', 0.02],
];

export function drawBehaviour(random: Random): Behaviour {
  return weighted(random, BEHAVIOUR_SHARES);
}

/** When an installment is paid: on its due date (auto-debit), some days late (a manual payment), or never. */
export type InstallmentPlan = { readonly kind: 'onTime' } | { readonly kind: 'late'; readonly days: number } | { readonly kind: 'never' };

const ON_TIME: InstallmentPlan = { kind: 'onTime' };
const NEVER: InstallmentPlan = { kind: 'never' };

/**
 * `n` is the installment's number (1 = first). A defaulter pays `paidBeforeDefault` installments and
 * then nothing; a late payer misses the debit on about a third of installments and pays 3 to 75 days
 * later (the tail reaches M2 and M3 before curing).
 */
export function installmentPlan(behaviour: Behaviour, n: number, paidBeforeDefault: number, random: Random): InstallmentPlan {
  switch (behaviour) {
    case 'fraud':
      return NEVER;
    case 'defaulter':
      return n > paidBeforeDefault ? NEVER : ON_TIME;
    case 'latePayer':
      if (!random.chance(0.35)) return ON_TIME;
      return { kind: 'late', days: random.chance(0.8) ? random.int(3, 25) : random.int(26, 75) };
    case 'autoDebit':
      // An empty account on the debit date now and then: paid a few days later.
      return random.chance(0.01) ? { kind: 'late', days: random.int(1, 7) } : ON_TIME;
    case 'earlyPayoff':
      return ON_TIME;
  }
}
