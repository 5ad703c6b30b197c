/**
 * JSON that keeps bigints exact: a bigint is written as `{"$bigint": "123"}` and read back as 123n.
 * For documents lendcore stores and reads itself (a loan's signed terms), never for the public API,
 * where amounts are decimal strings in major units.
 */
export function stringifyWithBigints(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
}

/** Revives a value parsed from JSON (a jsonb column arrives already parsed). */
export function reviveBigints<T>(value: unknown): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const tag = record.$bigint;
    if (typeof tag === 'string' && Object.keys(record).length === 1) return BigInt(tag);
    // fromEntries defines own properties, so a key named "__proto__" stays data, never a prototype.
    return Object.fromEntries(Object.entries(record).map(([key, v]) => [key, revive(v)]));
  }
  return value;
}
