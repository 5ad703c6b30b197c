/**
 * Test support: JSON bent out of shape, for bad-input property tests. `mutations` generates one to
 * three edits (a value dropped, a value replaced by any JSON or a near-miss string, an unknown key
 * added anywhere), `bend` applies them to a copy of a valid document, and `hostile` is any value a
 * careless or hostile client might send where a field belongs.
 */
import fc from 'fast-check';

/** Strings that look almost like an amount, a date, an id or a term, and some that look like nothing. */
const nearMiss = fc.constantFrom(
  '', ' ', '0', '0.00', '-1.00', '-0.00', '1.001', '1e3', ' 1.00', '1.00 ', '+1.00', '.5', '5.', '0001.00', '１.00', '١٢٣',
  '99999999999999999999999999.00', '9223372036854775807', '9223372036854775.80', 'NaN', 'Infinity', '0x10', '1_000.00', '1,000.00',
  '2026-02-30', '2026-13-01', '0000-01-01', '9999-12-31', '2026-3-1', '2026-03-01T00:00:00Z', '20260301', '+002026-03-01', '2026-03-01\n',
  '2025-12-31', '2027-01-01', '2026-02-28', '2026-03-02', '0.01', '99.99', '49999.99', '50000.01', '1000000000000.00', 'a'.repeat(300), '../x', 'x\u0000y', '\uD800', 'a\uDC00', '😀', "'; DROP TABLE lending_loans; --", '%', 'c1', 'cash', 'CNY', 'USD',
);
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nearMiss },
  fc.constantFrom(0, -1, 1, 1.5, 2, 3, 7, 24, 36, 2 ** 31, 2 ** 53, Number.MAX_VALUE, -0, true, false, null, [], {}),
  fc.jsonValue({ maxDepth: 2 }),
);

type Path = (string | number)[];

/** Paths to every value inside `value` (objects' keys and arrays' indexes), the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(inner, path)];
  });
}

function containerAt(root: unknown, path: Path): Record<string | number, unknown> {
  let at = root as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  return at;
}

export type Mutation =
  | { readonly kind: 'drop'; readonly pick: number }
  | { readonly kind: 'replace'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'extra'; readonly pick: number; readonly key: string; readonly value: unknown };

function mutate(body: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(body);
  const paths = pathsOf(copy);
  if (paths.length === 0) return mutation.kind === 'extra' ? { [mutation.key]: mutation.value } : copy;
  const path = paths[mutation.pick % paths.length]!;
  const container = containerAt(copy, path);
  const last = path[path.length - 1]!;
  if (mutation.kind === 'drop') {
    if (Array.isArray(container)) container.splice(Number(last), 1);
    else delete container[last];
  } else if (mutation.kind === 'replace') container[last] = mutation.value;
  else {
    // An unknown field goes into an object: the one at the path, the one holding it, or the body.
    const object = [container[last], container, copy].find((o) => typeof o === 'object' && o !== null && !Array.isArray(o));
    if (object !== undefined) (object as Record<string, unknown>)[mutation.key] = mutation.value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: hostile }),
  fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: fc.constantFrom('extra', '__proto__', 'constructor', 'amountMinor', 'tenantId', 'k\u0000', '\uD800'), value: hostile }),
);

/** One edit most of the time, else two or three. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.oneof({ weight: 3, arbitrary: fc.tuple(mutation) }, fc.array(mutation, { minLength: 2, maxLength: 3 }));

/** A copy of `document` with `edits` applied in turn. */
export function bend(document: unknown, edits: readonly Mutation[]): unknown {
  return edits.reduce(mutate, document);
}
