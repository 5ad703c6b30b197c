/**
 * The credit application as the risk engine receives it, and its validation. Identity values are
 * normalised once here, so velocity, graph and lists all see the same strings.
 * Invariants: amounts are bigint minor units; every identifier is at most riskIdentifierLengthMax
 * characters; an application lists at most riskApplicationContactsMax contacts.
 */
import { isValidClientId } from '../../kernel/ids.ts';
import type { Instant } from '../../kernel/instant.ts';
import { limits } from '../../kernel/limits.ts';
import { err, ok, type Result } from '../../kernel/result.ts';
import { normaliseIdentifier, type IdentifierNormaliser, type IdentifierType } from '../identifiers.ts';

export interface ApplicantIdentity {
  readonly idNumber: string;
  readonly phone?: string;
  readonly deviceId?: string;
  readonly ip?: string;
  readonly bankCard?: string;
  readonly address?: string;
  /** Contacts' phone numbers; in the identity graph they link like phones. */
  readonly contacts?: readonly string[];
}

export interface RiskApplication {
  readonly applicationId: string;
  readonly customerId: string;
  readonly appliedAt: Instant;
  readonly requestedAmountMinor: bigint;
  readonly monthlyIncomeMinor: bigint | null;
  readonly termMonths: number;
  readonly age: number;
  readonly identity: ApplicantIdentity;
  /** Further application fields a strategy may declare as inputs. */
  readonly fields?: Readonly<Record<string, number | string>>;
}

/** Identity values in normal form; a type the applicant did not give is absent. */
export type NormalisedIdentity = { readonly idNumber: string } & Partial<Readonly<Record<Exclude<IdentifierType, 'idNumber'>, string>>> & {
  readonly contacts: readonly string[];
};

export type ApplicationErrorCode = 'invalid_application';

const OPTIONAL_TYPES = ['phone', 'deviceId', 'ip', 'bankCard', 'address'] as const;
/** Amounts as features are numbers; this keeps them exact. */
const AMOUNT_FEATURE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function normaliseApplication(app: RiskApplication, normalise: IdentifierNormaliser = normaliseIdentifier): Result<NormalisedIdentity, ApplicationErrorCode> {
  if (!isValidClientId(app.applicationId)) return err('invalid_application', 'applicationId must be 1–64 characters of letters, digits and _.:-', 'applicationId');
  if (!isValidClientId(app.customerId)) return err('invalid_application', 'customerId must be 1–64 characters of letters, digits and _.:-', 'customerId');
  if (Number.isNaN(Date.parse(app.appliedAt))) return err('invalid_application', 'appliedAt must be an ISO instant', 'appliedAt');
  if (app.requestedAmountMinor <= 0n || app.requestedAmountMinor > AMOUNT_FEATURE_MAX) return err('invalid_application', 'requestedAmountMinor must be positive and below 2^53', 'requestedAmountMinor');
  if (app.monthlyIncomeMinor !== null && (app.monthlyIncomeMinor < 0n || app.monthlyIncomeMinor > AMOUNT_FEATURE_MAX)) {
    return err('invalid_application', 'monthlyIncomeMinor must be zero or positive and below 2^53', 'monthlyIncomeMinor');
  }
  if (!Number.isInteger(app.termMonths) || app.termMonths < 1) return err('invalid_application', 'termMonths must be a positive integer', 'termMonths');
  if (!Number.isInteger(app.age) || app.age < 0 || app.age > 150) return err('invalid_application', 'age must be an integer from 0 to 150', 'age');
  const identity: Record<string, unknown> = {};
  const idNumber = checkIdentifier(normalise, 'idNumber', app.identity.idNumber);
  if (!idNumber.ok) return idNumber;
  if (idNumber.value === '') return err('invalid_application', 'idNumber is required', 'identity.idNumber');
  identity.idNumber = idNumber.value;
  for (const type of OPTIONAL_TYPES) {
    const raw = app.identity[type];
    if (raw === undefined) continue;
    const value = checkIdentifier(normalise, type, raw);
    if (!value.ok) return value;
    if (value.value !== '') identity[type] = value.value;
  }
  const contacts = app.identity.contacts ?? [];
  if (contacts.length > limits.riskApplicationContactsMax) return err('invalid_application', `at most ${limits.riskApplicationContactsMax} contacts`, 'identity.contacts');
  const normalisedContacts: string[] = [];
  for (const contact of contacts) {
    const value = checkIdentifier(normalise, 'phone', contact, 'identity.contacts');
    if (!value.ok) return value;
    if (value.value !== '') normalisedContacts.push(value.value);
  }
  identity.contacts = normalisedContacts;
  return ok(identity as NormalisedIdentity);
}

function checkIdentifier(normalise: IdentifierNormaliser, type: IdentifierType, raw: unknown, param = `identity.${type}`): Result<string, ApplicationErrorCode> {
  if (typeof raw !== 'string' || raw.length > limits.riskIdentifierLengthMax) {
    return err('invalid_application', `${param} must be a string of at most ${limits.riskIdentifierLengthMax} characters`, param);
  }
  return ok(normalise(type, raw));
}
