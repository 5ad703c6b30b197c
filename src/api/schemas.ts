/**
 * Schemas shared by every route: ids, amounts (decimal strings in major units), dates, pages, and
 * the error body. Route schemas validate requests, type handlers and generate the OpenAPI document.
 */
import { Type, type TSchema } from 'typebox';

export const Id = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: 'client-chosen or server-issued id' });
export const Amount = Type.String({ pattern: '^\\d{1,19}(\\.\\d{1,4})?$', description: 'decimal string in major units, e.g. "305.00"', examples: ['305.00'] });
export const SignedAmount = Type.String({ pattern: '^-?\\d{1,19}(\\.\\d{1,4})?$', description: 'decimal string in major units' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code', examples: ['CNY'] });
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar date YYYY-MM-DD' });
export const Cursor = Type.String({ maxLength: 200 });

/** A schema or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** One page of a list: its items and the cursor of the next page (null on the last). */
export const pageOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: Nullable(Cursor) });

export const PageQuery = Type.Object({
  cursor: Type.Optional(Cursor),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    type: Type.String(),
    code: Type.String({ description: 'stable machine-readable code' }),
    message: Type.String(),
    param: Type.Optional(Type.String({ description: 'the request field at fault' })),
    existingId: Type.Optional(Type.String({ description: 'on a conflict with an existing resource, its id' })),
  }),
}, { $id: 'Error' });

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  503: ErrorBody,
};
