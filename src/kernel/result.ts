/**
 * Result: how expected outcomes travel. A command returns `{ ok: true, value }` or
 * `{ ok: false, code }` where `code` is a string-literal union documented beside the command. Only the
 * API and CLI edges turn codes into HTTP statuses and messages.
 */
export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<C extends string> = {
  readonly ok: false;
  readonly code: C;
  /** Human-readable detail; never parsed by callers. */
  readonly message?: string;
  /** The input field at fault, as a dotted path, when there is one. */
  readonly param?: string;
};
export type Result<T, C extends string> = Ok<T> | Err<C>;

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

export function err<C extends string>(code: C, message?: string, param?: string): Err<C> {
  const e: { ok: false; code: C; message?: string; param?: string } = { ok: false, code };
  if (message !== undefined) e.message = message;
  if (param !== undefined) e.param = param;
  return e;
}

/** Unwraps a result that cannot fail unless there is a bug. */
export function expectOk<T, C extends string>(result: Result<T, C>, context = 'expected ok'): T {
  if (!result.ok) throw new Error(`${context}: ${result.code}${result.message ? ` (${result.message})` : ''}`);
  return result.value;
}
