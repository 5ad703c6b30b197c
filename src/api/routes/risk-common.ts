/**
 * What the risk routes share: opaque page cursors over the services' keyset keys.
 */
import { ApiError } from '../errors.ts';

/** A cursor is the service's page key in base64url, so clients treat it as opaque. */
export function encodeCursor(after: string | null): string | null {
  return after === null ? null : Buffer.from(after, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const after = Buffer.from(cursor, 'base64url').toString('utf8');
  if (cursor === '' || Buffer.from(after, 'utf8').toString('base64url') !== cursor) throw ApiError.of('invalid_cursor', 'cursor');
  return after;
}
