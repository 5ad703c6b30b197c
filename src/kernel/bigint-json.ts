/**
 * JSON that keeps bigints exact: a bigint is written as `{"$bigint": "123"}` and read back as 123n.
 * For documents lendcore stores and reads itself (a loan's signed terms), never for the public API,
 * where amounts are decimal strings in major units.
 */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

/**
 * Parses what `stringifyWithBigints` wrote, in one pass. JSON.parse defines every key as an own data
 * property, so a key named "__proto__" stays data, never a prototype.
 */
export function parseWithBigints<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const tag = (v as Record<string, unknown>).$bigint;
    return typeof tag === 'string' && Object.keys(v).length === 1 ? BigInt(tag) : v;
  }) as T;
}
