/**
 * Who is calling: every request is bound to one tenant. With API keys configured
 * (`LENDCORE_API_KEYS="key:tenant,key2:tenant2"`), a request must carry `Authorization: Bearer <key>`
 * and acts for that key's tenant; with none configured (local use, the demo), every request acts for
 * the default tenant. Handlers read `request.tenantId` and nothing else.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

export const DEFAULT_TENANT = 'default';

declare module 'fastify' {
  interface FastifyRequest {
    tenantId: string;
  }
}

export interface ApiKey {
  readonly key: string;
  readonly tenantId: string;
}

export function parseApiKeys(text: string | undefined): ApiKey[] {
  if (!text) return [];
  return text.split(',').filter((s) => s.trim() !== '').map((pair) => {
    const [key, tenantId] = pair.trim().split(':');
    if (!key || !tenantId) throw new Error('LENDCORE_API_KEYS must be "key:tenant,key:tenant"');
    return { key, tenantId };
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function registerTenancy(app: FastifyInstance, apiKeys: readonly ApiKey[]): void {
  app.decorateRequest('tenantId', DEFAULT_TENANT);
  if (apiKeys.length === 0) return;
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (!request.url.startsWith('/v1/')) return;
    const header = request.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const match = presented === undefined ? undefined : apiKeys.find((k) => sameSecret(k.key, presented));
    if (!match) throw ApiError.of('unauthenticated');
    request.tenantId = match.tenantId;
  });
}
