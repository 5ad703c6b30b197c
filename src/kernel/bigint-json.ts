/**
 * JSON that keeps bigints exact: a bigint is written as `{"$bigint": "123"}` and read back as 123n.
 * For documents lendcore stores and reads itself (a loan's signed terms), never for the public API,
 * where amounts are decimal strings in major units.
 */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

/** Parses what `stringifyWithBigints` wrote: JSON.parse, then each tagged bigint replaced in place. */
export function parseWithBigints<T>(text: string): T {
  return reviveInPlace(JSON.parse(text)) as T;
}

/**
 * The value JSON.parse just made is ours to change, which is cheaper than a reviver (called for every
 * value) or a copy. JSON.parse makes every key an own data property, "__proto__" included, so
 * assigning to it writes that property and never sets a prototype.
 */
function reviveInPlace(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = reviveInPlace(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const tag = record.$bigint;
  if (typeof tag === 'string' && Object.keys(record).length === 1) return BigInt(tag);
  for (const key of Object.keys(record)) {
    const child = record[key];
    if (child === null || typeof child !== 'object') continue;
    const revived = reviveInPlace(child);
    if (revived !== child) record[key] = revived;
  }
  return record;
}
