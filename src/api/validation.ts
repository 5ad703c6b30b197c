/**
 * Request validation. Bodies are validated strictly — a number where the schema says string is an
 * error, never coerced, so an amount sent as a float is refused rather than silently accepted — while
 * query strings and path parameters, which arrive as text, are coerced to their declared types.
 * Before any schema, every string and key of a request must be text PostgreSQL can store: no U+0000
 * and no unpaired surrogate (both of which `text` and `jsonb` refuse), so such a request is a 400,
 * never a failed statement.
 */
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { ApiError } from './errors.ts';

function makeAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return ajv;
}

export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = makeAjv(false);
  const coercing = makeAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema as object) as never;
}

/** U+0000, a high surrogate without its low one, or a low one without its high one. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (text: string): boolean => !UNSTORABLE.test(text);

/** The path (`body.name`, `body.document.x`) of the first string or key in `value` that cannot be stored, or null. */
function unstorableAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return storable(value) ? null : path;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    const innerPath = `${path}.${key}`;
    if (!storable(key)) return innerPath;
    const found = unstorableAt(inner, innerPath);
    if (found !== null) return found;
  }
  return null;
}

export function registerStorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const at = unstorableAt(value, part);
      if (at !== null) throw ApiError.of('validation_failed', at.replace(/[^\x20-\x7e]/g, '?'), 'text cannot hold U+0000 or an unpaired surrogate');
    }
  });
}
