/**
 * The application as clients write it — over HTTP and in `lendcore risk decide` — into the engine's
 * `RiskApplication`: amounts are decimal strings in major units of the deciding strategy's currency,
 * parsed once here into bigint minor units; the time applied defaults to now. Shape and identifiers
 * are then checked by `normaliseApplication` as for every application.
 * Invariant: no amount passes through a JS number.
 */
import type { Instant } from '../../kernel/instant.ts';
import { parseAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import type { ApplicantIdentity, ApplicationErrorCode, RiskApplication } from './application.ts';

export interface ApplicationInput {
  readonly applicationId: string;
  readonly customerId: string;
  /** ISO instant; defaults to now. */
  readonly appliedAt?: string;
  /** When given, must be the deciding strategy's currency. */
  readonly currency?: string;
  readonly requestedAmount: string;
  readonly monthlyIncome?: string | null;
  readonly termMonths: number;
  readonly age: number;
  readonly identity: ApplicantIdentity;
  readonly fields?: Readonly<Record<string, number | string>>;
}

export function applicationFromInput(input: ApplicationInput, currency: Currency, now: Instant): Result<RiskApplication, ApplicationErrorCode> {
  if (typeof input !== 'object' || input === null) return err('invalid_application', 'the application must be a JSON object');
  if (input.currency !== undefined && input.currency !== currency) {
    return err('invalid_application', `amounts must be in ${currency}, the currency of the strategy in force`, 'currency');
  }
  const requested = parseAmount(input.requestedAmount, currency);
  if (!requested.ok) return err('invalid_application', `requestedAmount: ${requested.message ?? 'not an amount'}`, 'requestedAmount');
  let monthlyIncomeMinor: bigint | null = null;
  if (input.monthlyIncome !== undefined && input.monthlyIncome !== null) {
    const income = parseAmount(input.monthlyIncome, currency, { allowZero: true });
    if (!income.ok) return err('invalid_application', `monthlyIncome: ${income.message ?? 'not an amount'}`, 'monthlyIncome');
    monthlyIncomeMinor = income.value;
  }
  if (typeof input.identity !== 'object' || input.identity === null) return err('invalid_application', 'identity must be an object with at least idNumber', 'identity');
  return ok({
    applicationId: input.applicationId,
    customerId: input.customerId,
    appliedAt: (input.appliedAt ?? now) as Instant,
    requestedAmountMinor: requested.value,
    monthlyIncomeMinor,
    termMonths: input.termMonths,
    age: input.age,
    identity: input.identity,
    ...(input.fields !== undefined ? { fields: input.fields } : {}),
  });
}
