/**
 * The credit decision, as a port: origination asks `decide` and records the answer. The wired
 * services decide through the risk engine (risk-decision-port.ts, compose.ts). `builtInPolicy` is a
 * fixed policy for origination without the risk engine (origination's own tests): applicants aged 18
 * to 60 on the application date; a limit of three months' income, no more than asked for and the
 * product's maximum, rounded down to a whole 100 of the currency; price tier `A` from a monthly
 * income of 20,000 and `B` below; no income stated sends the application to review.
 */
import type { Instant } from '../../kernel/instant.ts';
import type { LocalDate } from '../../kernel/local-date.ts';
import { toCivil } from '../../kernel/local-date.ts';
import { currencyExponent, pow10, type Currency } from '../../kernel/money.ts';
import { roundToMultiple } from '../../kernel/rounding.ts';

/** What the applicant's device and channel say about them: the identity graph and velocity key on these. */
export interface ApplicantSignals {
  readonly deviceId?: string;
  readonly ip?: string;
  readonly bankCard?: string;
  readonly address?: string;
  /** Contacts' phone numbers. */
  readonly contacts?: readonly string[];
}

export interface ApplicationInput {
  readonly applicationId: string;
  readonly customer: { readonly id: string; readonly birthOn: LocalDate; readonly idNumberHash: string; readonly phone: string };
  readonly signals: ApplicantSignals;
  /** When the application was made (velocity windows count from here). */
  readonly appliedAt: Instant;
  readonly product: {
    readonly id: string;
    readonly version: number;
    readonly type: string;
    readonly currency: Currency;
    readonly amountMinMinor: bigint;
    readonly amountMaxMinor: bigint;
  };
  readonly requestedLimitMinor: bigint | null;
  readonly monthlyIncomeMinor: bigint | null;
  readonly appliedOn: LocalDate;
}

export type DecisionOutcome = 'approve' | 'reject' | 'review';

export interface Decision {
  readonly outcome: DecisionOutcome;
  /** The limit granted; 0 unless approved. */
  readonly limitMinor: bigint;
  /** The price tier of the product to offer at; null for the product's default price. */
  readonly priceTier: string | null;
  /** Stable reason codes, for the applicant's notice and the audit. */
  readonly reasons: readonly string[];
  /** The decision engine's own record, when it keeps one. */
  readonly decisionId?: string;
}

export interface DecisionPort {
  /** Decides applications in order (a later one may see an earlier one: velocity); one decision each. */
  decide(tenantId: string, inputs: readonly ApplicationInput[]): Promise<Decision[]>;
}

const AGE_MIN = 18;
const AGE_MAX = 60;
const INCOME_MULTIPLE = 3n;
const TIER_A_INCOME_MAJOR = 20_000n;
const LIMIT_STEP_MAJOR = 100n;

/** Whole years from `birthOn` to `on`. */
export function ageOn(birthOn: LocalDate, on: LocalDate): number {
  const b = toCivil(birthOn);
  const d = toCivil(on);
  const hadBirthday = d.month > b.month || (d.month === b.month && d.day >= b.day);
  return d.year - b.year - (hadBirthday ? 0 : 1);
}

function reject(...reasons: string[]): Decision {
  return { outcome: 'reject', limitMinor: 0n, priceTier: null, reasons };
}

export function builtInPolicy(): DecisionPort {
  return { decide: async (_tenantId, inputs) => inputs.map(decideByPolicy) };
}

function decideByPolicy(input: ApplicationInput): Decision {
  const age = ageOn(input.customer.birthOn, input.appliedOn);
  if (age < AGE_MIN || age > AGE_MAX) return reject('age_out_of_range');
  if (input.monthlyIncomeMinor === null) return { outcome: 'review', limitMinor: 0n, priceTier: null, reasons: ['income_missing'] };
  const major = pow10(currencyExponent(input.product.currency));
  let limit = input.monthlyIncomeMinor * INCOME_MULTIPLE;
  if (input.requestedLimitMinor !== null && input.requestedLimitMinor < limit) limit = input.requestedLimitMinor;
  if (input.product.amountMaxMinor < limit) limit = input.product.amountMaxMinor;
  limit = roundToMultiple(limit, LIMIT_STEP_MAJOR * major, 'floor');
  if (limit < input.product.amountMinMinor || limit === 0n) return reject('limit_below_product_minimum');
  const tier = input.monthlyIncomeMinor >= TIER_A_INCOME_MAJOR * major ? 'A' : 'B';
  return { outcome: 'approve', limitMinor: limit, priceTier: tier, reasons: [] };
}
