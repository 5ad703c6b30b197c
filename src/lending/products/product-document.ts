/**
 * A lending product as data: the typed `ProductDocument`, its JSON reader (defaults applied per
 * product type; the first bad field is named by its dotted path, `pricing.rate.per`) and its JSON
 * writer. A stored version is the writer's output, so reading it back gives the same document.
 * Invariants of a valid document: amount.min ≤ amount.max; every term is allowed by its unit; fee
 * pricing goes with the fee-on-original-principal interest method and interest pricing never does;
 * terms in days are single-maturity (bullet) drawdowns; the grace on principal leaves a repaying
 * period in the shortest term; the offer example lies inside the product's amounts and terms.
 */
import { formatDecimal, type Decimal } from '../../kernel/decimal.ts';
import { limits } from '../../kernel/limits.ts';
import { currency as knownCurrency, formatAmount, type Currency } from '../../kernel/money.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import {
  asArray,
  asObject,
  catchFieldError,
  fail,
  path,
  readAmount,
  readChoice,
  readCurrency,
  readFrequency,
  readInteger,
  readPercent,
  required,
  type JsonObject,
  type SpecErrorCode,
} from '../schedules/json-fields.ts';
import {
  AMORTIZATIONS,
  DAYS_IN_MONTH,
  DAYS_IN_YEAR,
  INTEREST_METHODS,
  INTEREST_PERIODS,
  RATE_PERS,
  type Amortization,
  type DaysInMonth,
  type DaysInYear,
  type Frequency,
  type InterestMethod,
  type InterestPeriod,
  type NominalRate,
  type RatePer,
} from '../schedules/types.ts';
import { CN_LICENSED_CONSUMER, type ComplianceProfile } from '../compliance/profiles.ts';
import { readAllocationOrder } from '../servicing/parse-terms.ts';
import { COMPONENTS, ON_PREPAYMENT, type Component, type OnPrepayment } from '../servicing/types.ts';

export const PRODUCT_TYPES = ['installment', 'cashLoan', 'revolvingLine', 'merchantLine'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/** `installments`: a term is a number of repayment periods; `days`: a single maturity that many days out. */
export type TermUnit = 'installments' | 'days';

/** Interest on the declining balance, or a fee per period on the original principal. */
export interface Pricing {
  readonly kind: 'interest' | 'fee';
  readonly rate: NominalRate;
}

export interface ProductDocument {
  readonly type: ProductType;
  readonly name: string;
  readonly currency: Currency;
  readonly amountMinMinor: bigint;
  readonly amountMaxMinor: bigint;
  readonly termUnit: TermUnit;
  /** Allowed terms, ascending, distinct. */
  readonly terms: readonly number[];
  readonly pricing: Pricing;
  /** Prices by the decision's tier; a tier not listed gets `pricing`. */
  readonly priceTiers: Readonly<Record<string, Pricing>>;
  readonly interestMethod: InterestMethod;
  readonly amortization: Amortization;
  readonly repaymentFrequency: Frequency;
  readonly interestPeriod: InterestPeriod;
  readonly daysInYear: DaysInYear;
  readonly daysInMonth: DaysInMonth;
  readonly installmentMultipleMinor: bigint;
  readonly graceOnPrincipal: number;
  readonly downPaymentPercent: Decimal;
  readonly allocationOrder: readonly Component[];
  readonly prepayment: OnPrepayment;
  /** Penalty interest on overdue principal, charged daily once an installment is `graceDays` overdue; null for none. */
  readonly penalty: ProductPenalty | null;
  readonly nonAccrualDays: number;
  readonly writeOffDays: number;
  readonly compliance: ComplianceProfile;
  /** The representative drawdown an offer's example schedule and APR are shown for. */
  readonly offerExample: { readonly amountMinor: bigint; readonly term: number };
  /**
   * Whether new applications are taken (default true). A version with `false` withdraws the product
   * from sale: lines and loans already signed keep their own version and go on as agreed.
   */
  readonly onSale: boolean;
}

export interface ProductPenalty {
  readonly rate: NominalRate;
  readonly graceDays: number;
}

/** Bad-document codes: the field readers' (json-fields.ts) plus `conflicting_fields` (two fields that cannot go together). */
export type ProductErrorCode = SpecErrorCode | 'conflicting_fields';

const TERM_UNITS: readonly TermUnit[] = ['installments', 'days'];
const PROFILES = ['cnLicensedConsumer', 'cnPrivateLending', 'uncapped'] as const;
const TIER_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;
const NAME_LENGTH_MAX = 200;
const DELINQUENCY_DAYS_MAX = 3650;

/** Lines lend day by day: their drawdowns mature on a day, accrue daily and repay in one bullet. */
function isLine(type: ProductType): boolean {
  return type === 'revolvingLine' || type === 'merchantLine';
}

export function parseProductDocument(json: unknown): Result<ProductDocument, ProductErrorCode> {
  try {
    return catchFieldError(() => ok(readProductDocument(json)));
  } catch (error) {
    if (error instanceof ConflictError) return err('conflicting_fields', error.message, error.param);
    throw error;
  }
}

class ConflictError extends Error {
  constructor(readonly param: string, message: string) {
    super(message);
  }
}

function conflict(param: string, message: string): never {
  throw new ConflictError(param, message);
}

function readProductDocument(json: unknown): ProductDocument {
  const input = asObject(json, '');
  const type = readChoice(required(input, 'type'), 'type', PRODUCT_TYPES);
  const line = isLine(type);
  const name = input.name === undefined ? type : readName(input.name);
  const c = input.currency === undefined ? knownCurrency('CNY') : readCurrency(input.currency, 'currency');
  const amount = asObject(required(input, 'amount'), 'amount');
  const amountMinMinor = readAmount(required(amount, 'min', 'amount'), c, 'amount.min', { allowZero: false });
  const amountMaxMinor = readAmount(required(amount, 'max', 'amount'), c, 'amount.max', { allowZero: false });
  if (amountMinMinor > amountMaxMinor) fail('out_of_range', 'amount.min', 'amount.min must not exceed amount.max');

  const termUnit = input.termUnit === undefined ? (line ? 'days' : 'installments') : readChoice(input.termUnit, 'termUnit', TERM_UNITS);
  const terms = readTerms(required(input, 'terms'), termUnit);
  const pricing = readPricing(required(input, 'pricing'), 'pricing');
  const priceTiers = input.priceTiers === undefined ? {} : readPriceTiers(input.priceTiers, pricing.kind);
  const interestMethod =
    input.interestMethod === undefined ? (pricing.kind === 'fee' ? 'feeOnPrincipal' : 'decliningBalance') : readChoice(input.interestMethod, 'interestMethod', INTEREST_METHODS);
  if ((pricing.kind === 'fee') !== (interestMethod === 'feeOnPrincipal')) {
    conflict('interestMethod', 'fee pricing goes with the feeOnPrincipal interest method, and interest pricing with another one');
  }
  const amortization = input.amortization === undefined ? (termUnit === 'days' ? 'bullet' : 'equalInstallments') : readChoice(input.amortization, 'amortization', AMORTIZATIONS);
  if (termUnit === 'days' && amortization !== 'bullet') conflict('amortization', 'terms in days are single maturities: amortization must be bullet');
  const repaymentFrequency = input.repaymentFrequency === undefined ? { every: 1, unit: 'month' as const } : readFrequency(input.repaymentFrequency, 'repaymentFrequency');
  const graceOnPrincipal = input.graceOnPrincipal === undefined ? 0 : readInteger(input.graceOnPrincipal, 'graceOnPrincipal', 0, (terms[0] as number) - 1);
  if (termUnit === 'days' && graceOnPrincipal !== 0) conflict('graceOnPrincipal', 'a single maturity has no grace on principal');

  const delinquency = input.delinquency === undefined ? {} : asObject(input.delinquency, 'delinquency');
  const nonAccrualDays = delinquency.nonAccrualDays === undefined ? 90 : readInteger(delinquency.nonAccrualDays, 'delinquency.nonAccrualDays', 1, DELINQUENCY_DAYS_MAX);
  const writeOffDays = delinquency.writeOffDays === undefined ? 180 : readInteger(delinquency.writeOffDays, 'delinquency.writeOffDays', nonAccrualDays, DELINQUENCY_DAYS_MAX);

  const example = input.offerExample === undefined ? {} : asObject(input.offerExample, 'offerExample');
  const exampleAmountMinor = example.amount === undefined ? amountMaxMinor : readAmount(example.amount, c, 'offerExample.amount', { allowZero: false });
  if (exampleAmountMinor < amountMinMinor || exampleAmountMinor > amountMaxMinor) fail('out_of_range', 'offerExample.amount', 'offerExample.amount must lie within amount.min and amount.max');
  const exampleTerm = example.term === undefined ? (terms[terms.length - 1] as number) : readInteger(example.term, 'offerExample.term', 1, Number.MAX_SAFE_INTEGER);
  if (!terms.includes(exampleTerm)) fail('out_of_range', 'offerExample.term', 'offerExample.term must be one of terms');

  return {
    type,
    name,
    currency: c,
    amountMinMinor,
    amountMaxMinor,
    termUnit,
    terms,
    pricing,
    priceTiers,
    interestMethod,
    amortization,
    repaymentFrequency,
    interestPeriod: input.interestPeriod === undefined ? (line ? 'daily' : 'repaymentPeriod') : readChoice(input.interestPeriod, 'interestPeriod', INTEREST_PERIODS),
    daysInYear: input.daysInYear === undefined ? (line ? 365 : 'actual') : readChoice(input.daysInYear, 'daysInYear', DAYS_IN_YEAR),
    daysInMonth: input.daysInMonth === undefined ? 'actual' : readChoice(input.daysInMonth, 'daysInMonth', DAYS_IN_MONTH),
    installmentMultipleMinor: input.installmentMultiple === undefined ? 1n : readAmount(input.installmentMultiple, c, 'installmentMultiple', { allowZero: false }),
    graceOnPrincipal,
    downPaymentPercent: input.downPaymentPercent === undefined ? { units: 0n, scale: 0 } : readPercent(input.downPaymentPercent, 'downPaymentPercent', 100),
    allocationOrder: input.allocationOrder === undefined ? COMPONENTS : readAllocationOrder(input.allocationOrder, 'allocationOrder'),
    prepayment: input.prepayment === undefined ? 'reduceInstallment' : readChoice(input.prepayment, 'prepayment', ON_PREPAYMENT),
    penalty: input.penalty === undefined ? null : readPenalty(asObject(input.penalty, 'penalty')),
    nonAccrualDays,
    writeOffDays,
    compliance: input.compliance === undefined ? CN_LICENSED_CONSUMER : readCompliance(input.compliance),
    offerExample: { amountMinor: exampleAmountMinor, term: exampleTerm },
    onSale: input.onSale === undefined ? true : readBoolean(input.onSale, 'onSale'),
  };
}

function readBoolean(value: unknown, param: string): boolean {
  if (typeof value !== 'boolean') fail('invalid_type', param, `${param} must be true or false`);
  return value;
}

function readName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail('invalid_type', 'name', 'name must be a non-empty string');
  if (value.length > NAME_LENGTH_MAX) fail('out_of_range', 'name', `name must be at most ${NAME_LENGTH_MAX} characters`);
  return value;
}

function readTerms(value: unknown, unit: TermUnit): number[] {
  const items = asArray(value, 'terms');
  if (items.length === 0 || items.length > limits.productTermsMax) fail('out_of_range', 'terms', `terms must list 1 to ${limits.productTermsMax} terms`);
  const max = unit === 'days' ? limits.drawdownTermDaysMax : limits.scheduleInstallmentsMax;
  const terms = items.map((t, i) => readInteger(t, path('terms', i), 1, max));
  for (let i = 1; i < terms.length; i += 1) {
    if ((terms[i] as number) <= (terms[i - 1] as number)) fail('out_of_range', path('terms', i), 'terms must be ascending and distinct');
  }
  return terms;
}

function readRate(value: unknown, param: string): NominalRate {
  const rate = asObject(value, param);
  return {
    percent: readPercent(required(rate, 'value', param), path(param, 'value')),
    per: readChoice(required(rate, 'per', param), path(param, 'per'), RATE_PERS),
  };
}

function readPricing(value: unknown, param: string): Pricing {
  const pricing = asObject(value, param);
  return {
    kind: readChoice(required(pricing, 'kind', param), path(param, 'kind'), ['interest', 'fee'] as const),
    rate: readRate(required(pricing, 'rate', param), path(param, 'rate')),
  };
}

function readPriceTiers(value: unknown, kind: Pricing['kind']): Record<string, Pricing> {
  const tiers = asObject(value, 'priceTiers');
  const names = Object.keys(tiers);
  if (names.length > limits.productPriceTiersMax) fail('out_of_range', 'priceTiers', `at most ${limits.productPriceTiersMax} price tiers`);
  const out: Record<string, Pricing> = {};
  for (const tier of names) {
    const param = path('priceTiers', tier);
    if (!TIER_PATTERN.test(tier)) fail('invalid_type', param, 'a tier name is 1–16 letters, digits, _ or -');
    const pricing = readPricing(tiers[tier], param);
    if (pricing.kind !== kind) conflict(path(param, 'kind'), 'every tier prices the same way as pricing (interest or fee)');
    out[tier] = pricing;
  }
  return out;
}

function readPenalty(penalty: Record<string, unknown>): ProductPenalty {
  return {
    rate: readRate(required(penalty, 'rate', 'penalty'), 'penalty.rate'),
    graceDays: penalty.graceDays === undefined ? 0 : readInteger(penalty.graceDays, 'penalty.graceDays', 0, DELINQUENCY_DAYS_MAX),
  };
}

function readCompliance(value: unknown): ComplianceProfile {
  const input: JsonObject = asObject(value, 'compliance');
  const profile = readChoice(required(input, 'profile', 'compliance'), 'compliance.profile', PROFILES);
  switch (profile) {
    case 'cnLicensedConsumer':
      return { kind: profile, aprCapPercent: input.aprCapPercent === undefined ? { units: 24n, scale: 0 } : readPercent(input.aprCapPercent, 'compliance.aprCapPercent') };
    case 'cnPrivateLending':
      return { kind: profile, lprMultiple: input.lprMultiple === undefined ? { units: 4n, scale: 0 } : readPercent(input.lprMultiple, 'compliance.lprMultiple') };
    case 'uncapped':
      return { kind: profile };
  }
}

/** The pricing a decision's tier gets. */
export function pricingForTier(doc: ProductDocument, tier: string | null): Pricing {
  return (tier !== null ? doc.priceTiers[tier] : undefined) ?? doc.pricing;
}

function rateToJson(rate: NominalRate): { value: string; per: RatePer } {
  return { value: formatDecimal(rate.percent), per: rate.per };
}

export function pricingToJson(p: Pricing): { kind: Pricing['kind']; rate: { value: string; per: RatePer } } {
  return { kind: p.kind, rate: rateToJson(p.rate) };
}

function complianceToJson(p: ComplianceProfile): Record<string, string> {
  switch (p.kind) {
    case 'cnLicensedConsumer':
      return { profile: p.kind, aprCapPercent: formatDecimal(p.aprCapPercent) };
    case 'cnPrivateLending':
      return { profile: p.kind, lprMultiple: formatDecimal(p.lprMultiple) };
    case 'uncapped':
      return { profile: p.kind };
  }
}

/** The document as JSON with every default written out; `parseProductDocument` reads it back unchanged. */
export function productDocumentToJson(doc: ProductDocument): Record<string, unknown> {
  const c = doc.currency;
  return {
    type: doc.type,
    name: doc.name,
    currency: c,
    amount: { min: formatAmount(doc.amountMinMinor, c), max: formatAmount(doc.amountMaxMinor, c) },
    termUnit: doc.termUnit,
    terms: [...doc.terms],
    pricing: pricingToJson(doc.pricing),
    priceTiers: Object.fromEntries(Object.entries(doc.priceTiers).map(([tier, p]) => [tier, pricingToJson(p)])),
    interestMethod: doc.interestMethod,
    amortization: doc.amortization,
    repaymentFrequency: { ...doc.repaymentFrequency },
    interestPeriod: doc.interestPeriod,
    daysInYear: doc.daysInYear,
    daysInMonth: doc.daysInMonth,
    installmentMultiple: formatAmount(doc.installmentMultipleMinor, c),
    graceOnPrincipal: doc.graceOnPrincipal,
    downPaymentPercent: formatDecimal(doc.downPaymentPercent),
    allocationOrder: [...doc.allocationOrder],
    prepayment: doc.prepayment,
    ...(doc.penalty === null ? {} : { penalty: { rate: rateToJson(doc.penalty.rate), graceDays: doc.penalty.graceDays } }),
    delinquency: { nonAccrualDays: doc.nonAccrualDays, writeOffDays: doc.writeOffDays },
    compliance: complianceToJson(doc.compliance),
    offerExample: { amount: formatAmount(doc.offerExample.amountMinor, c), term: doc.offerExample.term },
    onSale: doc.onSale,
  };
}
