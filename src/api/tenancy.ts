/**
 * Who is calling, and what they may do: every request is bound to one tenant. With API keys
 * configured (`LENDCORE_API_KEYS="key:tenant,key2:tenant2:read+origination"`), a request must carry
 * `Authorization: Bearer <key>` and acts for that key's tenant, within the key's scopes (all of them
 * when it lists none): `read` for any GET, and for a POST the scope of the area it writes (`scopeOf`),
 * so a merchant's checkout key cannot close a business date nor move ledger money. With no keys
 * configured (local use, the demo), every request acts for the default tenant with every scope.
 * Handlers read `request.tenantId` and nothing else.
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

export const SCOPES = ['read', 'products', 'origination', 'servicing', 'eod', 'ledger', 'risk'] as const;
export type Scope = (typeof SCOPES)[number];

export interface ApiKey {
  readonly key: string;
  readonly tenantId: string;
  /** What the key may do; absent, everything. */
  readonly scopes?: readonly Scope[];
}

/** The scope each area of /v1 needs to be written to (its first path segment). */
const WRITE_SCOPES: Readonly<Record<string, Scope>> = {
  products: 'products',
  customers: 'origination',
  'credit-line-applications': 'origination',
  offers: 'origination',
  'credit-lines': 'origination',
  drawdowns: 'origination',
  holds: 'origination',
  loans: 'servicing',
  'loan-events': 'servicing',
  'loan-reversals': 'servicing',
  eod: 'eod',
  ledger: 'ledger',
  decisions: 'risk',
  strategies: 'risk',
  lists: 'risk',
};

/**
 * Writes that belong to another scope than their area's: a line's status and limit are risk
 * controls, which a checkout key (origination) must not reach.
 */
const ROUTE_SCOPES: Readonly<Record<string, Scope>> = {
  '/v1/credit-lines/:id/status': 'risk',
  '/v1/credit-lines/:id/limit': 'risk',
};

/** The scope a request to a /v1 route (its path pattern) needs; undefined for a write to no known area. */
export function scopeOf(method: string, url: string): Scope | undefined {
  if (method === 'GET' || method === 'HEAD') return 'read';
  const path = url.split('?', 1)[0]!;
  if (Object.hasOwn(ROUTE_SCOPES, path)) return ROUTE_SCOPES[path];
  const area = path.split('/')[2] ?? '';
  return Object.hasOwn(WRITE_SCOPES, area) ? WRITE_SCOPES[area] : undefined;
}

/** `key:tenant` or `key:tenant:scope+scope`, comma-separated. */
export function parseApiKeys(text: string | undefined): ApiKey[] {
  if (!text) return [];
  return text.split(',').filter((s) => s.trim() !== '').map((entry) => {
    const [key, tenantId, scopeList, ...rest] = entry.trim().split(':');
    if (!key || !tenantId || rest.length > 0 || scopeList === '') throw new Error('LENDCORE_API_KEYS must be "key:tenant[:scope+scope],…"');
    if (scopeList === undefined) return { key, tenantId };
    const scopes = scopeList.split('+').map((scope) => {
      if (!(SCOPES as readonly string[]).includes(scope)) throw new Error(`LENDCORE_API_KEYS: unknown scope "${scope}" (scopes: ${SCOPES.join(', ')})`);
      return scope as Scope;
    });
    return { key, tenantId, scopes };
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
    // Decided on the route matched, never on the URL as spelled: the router decodes percent-encoding,
    // so `/%761/loans` is the loans route and `/v1/%65od/runs` the EOD one. Only the routes outside
    // /v1 (health, the OpenAPI document) are open; a URL that matches no route needs a key too.
    const route = request.routeOptions.url;
    if (route !== undefined && !route.startsWith('/v1/')) return;
    const header = request.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const match = presented === undefined ? undefined : apiKeys.find((k) => sameSecret(k.key, presented));
    if (!match) throw ApiError.of('unauthenticated');
    const needed = route === undefined ? undefined : scopeOf(request.method, route);
    if (match.scopes !== undefined && needed !== undefined && !match.scopes.includes(needed)) throw ApiError.of('forbidden');
    request.tenantId = match.tenantId;
  });
}
