/**
 * Array parameters for PostgreSQL, written as array literals (`{"a","b\"c",NULL}`) before `pg`
 * sees them. Batch statements bind arrays of thousands of elements, and `pg`'s own writer runs two
 * regular-expression replacements and a string concatenation per element; this one quotes each text
 * element, escapes only the rare one holding a quote or backslash, and joins once. Only flat arrays
 * of strings, bigints, finite numbers, booleans and nulls are written here; any other array is left
 * to `pg` as it is (null is returned).
 */
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

function element(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPE.test(value) ? `"${value.replace(ESCAPED, '\\$&')}"` : `"${value}"`;
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? String(value) : null;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'NULL';
    case 'object':
      return value === null ? 'NULL' : null;
    default:
      return null;
  }
}

/** The literal of a flat array of plain values, or null for an array `pg` must write itself. */
export function arrayLiteral(values: readonly unknown[]): string | null {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const part = element(values[i]);
    if (part === null) return null;
    parts[i] = part;
  }
  return `{${parts.join(',')}}`;
}
