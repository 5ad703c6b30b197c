/**
 * What the lending routes (products, customers, origination) share: their id and cursor schemas.
 */
import { Type } from 'typebox';
import { limits } from '../../kernel/limits.ts';
import { ApiError } from '../errors.ts';

export const LendingId = Type.String({ pattern: `^[A-Za-z0-9_.:-]{1,${limits.lendingIdLengthMax}}$`, description: 'client-chosen or server-issued id' });
export const Term = Type.Integer({ minimum: 1, maximum: 600, description: 'installments, or days for products with terms in days' });
export const Json = Type.Unknown({ description: 'a JSON document' });

const CURSOR_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export function checkCursor(cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !CURSOR_PATTERN.test(cursor)) throw ApiError.of('invalid_cursor', 'cursor');
  return cursor;
}

/** 201 for a resource just created, 200 for a replay. */
export function createdStatus(saved: { created: boolean }): 200 | 201 {
  return saved.created ? 201 : 200;
}
