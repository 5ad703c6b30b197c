/**
 * Idempotency-Key on every POST: the first request with a key is processed and its response kept;
 * a retry with the same key and the same request gets the same response (`Idempotent-Replayed: true`)
 * without running again; the same key with a different request is refused. Keys are per tenant. A
 * server error is not kept, so the client's retry runs again — every mutation underneath is itself
 * idempotent by its ids, so running again is safe. A claim is leased: if the process died while
 * holding it, a retry after the lease takes it over.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import type { Clock } from '../kernel/instant.ts';
import { limits } from '../kernel/limits.ts';
import { ApiError } from './errors.ts';

const LEASE_SECONDS = 60;
const KEY_PATTERN = /^[\x21-\x7e]+$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

/**
 * The id of the record a keyed request creates when its body names none: one key, one id. Without
 * it, a process that died between the commit and keeping the response would leave the claim to
 * lapse and the retry to run again, making a second record (a second disbursement); with it, the
 * retry finds the first, since every create is idempotent by its id. A batch's items take the
 * key's id with their index.
 */
export function keyedId(request: FastifyRequest, prefix: string, item?: number): string | undefined {
  const key = request.idempotencyKey;
  if (key === undefined) return undefined;
  return `${prefix}_k${createHash('sha256').update(key).digest('hex').slice(0, 32)}${item === undefined ? '' : `_${item}`}`;
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256').update(`${request.method} ${request.url}\n`).update(JSON.stringify(request.body ?? null)).digest('hex');
}

export function registerIdempotency(app: FastifyInstance, db: Database, clock: Clock): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST') return;
    const key = request.headers['idempotency-key'];
    if (key === undefined) return;
    if (typeof key !== 'string' || key.length > limits.idempotencyKeyLengthMax || !KEY_PATTERN.test(key)) throw ApiError.of('idempotency_key_invalid', 'Idempotency-Key');
    const hash = requestHash(request);
    const now = clock.now();
    const claimed = await db.query(
      `INSERT INTO api_idempotency_keys (tenant_id, key, request_hash, claimed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
         WHERE api_idempotency_keys.status_code IS NULL
           AND api_idempotency_keys.request_hash = EXCLUDED.request_hash
           AND api_idempotency_keys.claimed_at < $4::timestamptz - make_interval(secs => ${LEASE_SECONDS})
       RETURNING 1`,
      [request.tenantId, key, hash, now],
    );
    if (claimed.length > 0) {
      request.idempotencyKey = key;
      return;
    }
    const [existing] = await db.query<{ request_hash: string; status_code: number | null; response_body: string | null }>(
      'SELECT request_hash, status_code, response_body FROM api_idempotency_keys WHERE tenant_id = $1 AND key = $2',
      [request.tenantId, key],
    );
    if (!existing) throw ApiError.of('idempotency_key_in_progress', 'Idempotency-Key');
    if (existing.request_hash !== hash) throw ApiError.of('idempotency_key_reused', 'Idempotency-Key');
    if (existing.status_code === null) throw ApiError.of('idempotency_key_in_progress', 'Idempotency-Key');
    reply.header('idempotent-replayed', 'true').header('content-type', 'application/json; charset=utf-8').code(existing.status_code);
    return reply.send(existing.response_body);
  });

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const key = request.idempotencyKey;
    if (key === undefined) return payload;
    if (reply.statusCode >= 500) {
      await db.query('DELETE FROM api_idempotency_keys WHERE tenant_id = $1 AND key = $2 AND status_code IS NULL', [request.tenantId, key]);
    } else {
      await db.query('UPDATE api_idempotency_keys SET status_code = $3, response_body = $4 WHERE tenant_id = $1 AND key = $2', [request.tenantId, key, reply.statusCode, String(payload)]);
    }
    return payload;
  });
}
