/**
 * Identity document numbers. `prcResidentId` is the 18-character PRC resident identity number (GB
 * 11643): six digits of region, the birth date as YYYYMMDD, three digits of sequence, and a check
 * character computed with ISO 7064 MOD 11-2 (`X` stands for 10); its birth date must be a real date
 * and must be the customer's. Other document types (`passport`, `other`) are 5–30 letters and digits,
 * checked for shape only. Numbers are normalized (trimmed, upper case) before they are hashed, so the
 * same person always hashes the same. Pure.
 */
import { parseLocalDate, type LocalDate } from '../../kernel/local-date.ts';
import { err, ok, type Result } from '../../kernel/result.ts';

export const ID_TYPES = ['prcResidentId', 'passport', 'other'] as const;
export type IdType = (typeof ID_TYPES)[number];

export interface IdNumber {
  readonly type: IdType;
  /** Normalized: no surrounding spaces, letters in upper case. */
  readonly number: string;
  /** The birth date the number encodes, where it encodes one. */
  readonly birthOn: LocalDate | null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function prcCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS[sum % 11] as string;
}

export function parseIdNumber(type: IdType, text: string): Result<IdNumber, 'id_number_invalid'> {
  const number = text.trim().toUpperCase();
  if (type !== 'prcResidentId') {
    if (!/^[A-Z0-9]{5,30}$/.test(number)) return err('id_number_invalid', `a ${type} number is 5–30 letters and digits`, 'idNumber');
    return ok({ type, number, birthOn: null });
  }
  if (!/^\d{17}[\dX]$/.test(number)) return err('id_number_invalid', 'a PRC resident ID is 17 digits and a check digit or X', 'idNumber');
  if (prcCheckCharacter(number.slice(0, 17)) !== number[17]) return err('id_number_invalid', 'the PRC resident ID check digit does not match (ISO 7064 MOD 11-2)', 'idNumber');
  const birthOn = parseLocalDate(`${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`);
  if (!birthOn.ok) return err('id_number_invalid', 'the PRC resident ID does not hold a real birth date', 'idNumber');
  return ok({ type, number, birthOn: birthOn.value });
}

/** The first 3 and last 4 characters, the rest starred: `110***********123X`. */
export function maskKeepingEnds(text: string): string {
  if (text.length <= 7) return '*'.repeat(text.length);
  return `${text.slice(0, 3)}${'*'.repeat(text.length - 7)}${text.slice(-4)}`;
}
