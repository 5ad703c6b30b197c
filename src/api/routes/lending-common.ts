/**
 * What the lending routes (products, customers, origination) share: their id and cursor schemas, and
 * the shape of a batch's answer (one result per item, with the status the item alone would answer).
 */
import { Type, type TSchema } from 'typebox';
import { limits } from '../../kernel/limits.ts';
import type { Result } from '../../kernel/result.ts';
import { ApiError } from '../errors.ts';
import { ErrorBody } from '../schemas.ts';

export const LendingId = Type.String({ pattern: `^[A-Za-z0-9_.:-]{1,${limits.lendingIdLengthMax}}$`, description: 'client-chosen or server-issued id' });
export const Term = Type.Integer({ minimum: 1, maximum: 600, description: 'installments, or days for products with terms in days' });
export const Json = Type.Unknown({ description: 'a JSON document' });

const CURSOR_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

export function checkCursor(cursor: string | undefined): string | undefined {
  if (cursor !== undefined && !CURSOR_PATTERN.test(cursor)) throw ApiError.of('invalid_cursor', 'cursor');
  return cursor;
}

/** A cursor that is the last seq shown (a loan's events, a line's status changes). */
export function seqCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  if (!/^\d{1,9}$/.test(cursor)) throw ApiError.of('invalid_cursor', 'cursor');
  return Number(cursor);
}

/** 201 for a resource just created, 200 for a replay. */
export function createdStatus(saved: { created: boolean }): 200 | 201 {
  return saved.created ? 201 : 200;
}

/** The response schema of a batch whose made items are shown under `key`. */
export function batchResults<K extends string, T extends TSchema>(key: K, view: T) {
  return Type.Object({
    results: Type.Array(Type.Object({
      status: Type.Integer({ description: 'the status the item alone would answer: 201 made, 200 a replay, 4xx refused' }),
      [key]: Type.Optional(view),
      error: Type.Optional(ErrorBody.properties.error),
    })),
  });
}

/** One item of a batch's answer: its status, and its resource under `key` or its error. */
export type BatchResult<K extends string, V> = { status: number; error?: ReturnType<ApiError['body']>['error'] } & Partial<Record<K, V>>;

export function batchResult<K extends string, T, V>(key: K, outcome: Result<{ value: T; created: boolean }, string>, view: (value: T) => V): BatchResult<K, V> {
  if (!outcome.ok) {
    const error = ApiError.domain(outcome.code, outcome.message, outcome.param);
    return { status: error.statusCode, error: error.body().error } as BatchResult<K, V>;
  }
  const made: Partial<Record<K, V>> = {};
  made[key] = view(outcome.value.value);
  return { status: createdStatus(outcome.value), ...made };
}
