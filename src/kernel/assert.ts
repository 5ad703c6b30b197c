/**
 * Assertions for programmer errors. An assertion that fails is a bug: it throws an AssertionError that
 * nothing in lendcore catches, so the request or batch fails loudly instead of writing bad data.
 * Expected outcomes (bad input, limits, business rules) are Result codes, never assertions.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function unreachable(value: never, message = 'unreachable'): never {
  throw new AssertionError(`${message}: ${String(value)}`);
}
