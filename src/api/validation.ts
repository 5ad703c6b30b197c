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
import { limits } from '../kernel/limits.ts';
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

/** What is wrong with a request's values, where: nested too deep, or text that cannot be stored. */
interface Unreadable {
  readonly path: string;
  readonly message: string;
}

/**
 * The first string or key in `value` that cannot be stored, or the first value nested deeper than
 * `limits.httpJsonDepthMax`; null when there is none. Walked with a stack of its own, so a body
 * nested a million deep is refused, never a stack overflow.
 */
function unreadableIn(value: unknown, root: string): Unreadable | null {
  const pending: [unknown, string, number][] = [[value, root, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [at, path, depth] = next;
    if (typeof at === 'string') {
      if (!storable(at)) return { path, message: 'text cannot hold U+0000 or an unpaired surrogate' };
    } else if (typeof at === 'object' && at !== null) {
      if (depth >= limits.httpJsonDepthMax) return { path, message: `values nest at most ${limits.httpJsonDepthMax} deep` };
      for (const [key, inner] of Object.entries(at)) {
        if (!storable(key)) return { path: `${path}.${key}`, message: 'text cannot hold U+0000 or an unpaired surrogate' };
        pending.push([inner, `${path}.${key}`, depth + 1]);
      }
    }
  }
  return null;
}

export function registerStorableText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [['params', request.params], ['querystring', request.query], ['body', request.body]] as const) {
      const found = unreadableIn(value, part);
      if (found !== null) throw ApiError.of('validation_failed', found.path.replace(/[^\x20-\x7e]/g, '?'), found.message);
    }
  });
}
