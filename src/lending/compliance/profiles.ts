/**
 * Compliance profiles: which all-in APR cap a lender is held to.
 * - `cnLicensedConsumer`: licensed consumer lending in China; all-in IRR at most `aprCapPercent`
 *   (24 by default, the regulators' line for licensed lenders);
 * - `cnPrivateLending`: private lending under the Supreme People's Court rules; at most `lprMultiple`
 *   (4) × the one-year LPR on the contract date;
 * - `uncapped`: no cap (jurisdictions or products without one); offers are still checked for
 *   upfront deductions.
 */
import { decimal, formatDecimal, type Decimal } from '../../kernel/decimal.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { ok, type Result } from '../../kernel/result.ts';
import { oneYearLprOn } from './lpr.ts';

export type ComplianceProfile =
  | { readonly kind: 'cnLicensedConsumer'; readonly aprCapPercent: Decimal }
  | { readonly kind: 'cnPrivateLending'; readonly lprMultiple: Decimal }
  | { readonly kind: 'uncapped' };

export const CN_LICENSED_CONSUMER: ComplianceProfile = { kind: 'cnLicensedConsumer', aprCapPercent: decimal('24') };
export const CN_PRIVATE_LENDING: ComplianceProfile = { kind: 'cnPrivateLending', lprMultiple: decimal('4') };
export const UNCAPPED: ComplianceProfile = { kind: 'uncapped' };

export interface AprCap {
  /** The cap in percent a year, or null when the profile has none. */
  readonly capPercent: Decimal | null;
  /** How the cap was reached, for messages and audit ("4 × LPR 3.45% fixed 2023-08-21"). */
  readonly basis: string;
}

function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** The cap `profile` puts on an offer contracted on `contractOn`. */
export function aprCapOn(profile: ComplianceProfile, contractOn: LocalDate): Result<AprCap, 'lpr_unavailable'> {
  switch (profile.kind) {
    case 'cnLicensedConsumer':
      return ok({ capPercent: profile.aprCapPercent, basis: 'licensed consumer lending cap' });
    case 'cnPrivateLending': {
      const lpr = oneYearLprOn(contractOn);
      if (!lpr.ok) return lpr;
      return ok({
        capPercent: multiply(profile.lprMultiple, lpr.value.percent),
        basis: `private lending cap ${formatDecimal(profile.lprMultiple)} × one-year LPR ${formatDecimal(lpr.value.percent, 2)}% fixed ${lpr.value.on}`,
      });
    }
    case 'uncapped':
      return ok({ capPercent: null, basis: 'uncapped' });
  }
}

