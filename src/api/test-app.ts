/**
 * For tests through HTTP: the wired services and app on a test database (PGlite, or PostgreSQL
 * with DATABASE_URL), opened before a file's tests and closed after them, with `post` and `get`
 * answering as the app does; and end of day run through the API date by date, the clock moving to
 * each next morning.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { wireServices, type Services } from '../compose.ts';
import { openTestDatabase } from '../db/test-database.ts';
import type { Instant, ManualClock } from '../kernel/instant.ts';
import { addDays, type LocalDate } from '../kernel/local-date.ts';
import { buildApp } from './app.ts';

export interface TestApp {
  readonly services: Services;
  readonly app: FastifyInstance;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  /** Closes each business date after `closedThrough` up to `last`, each reconciled; the clock at 10:00 Shanghai the next morning. */
  closeDaysThrough(last: LocalDate): Promise<void>;
  /** The last business date closed (`firstClosed` to start with). */
  readonly closedThrough: LocalDate;
}

export function useTestApp(clock: ManualClock, firstClosed: LocalDate): TestApp {
  let services: Services | undefined;
  let app: FastifyInstance | undefined;
  let closedThrough = firstClosed;
  beforeAll(async () => {
    services = wireServices(await openTestDatabase({ maxConnections: 8 }), clock);
    app = await buildApp(services);
  });
  afterAll(async () => {
    await app?.close();
    await services?.close();
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test app opens in beforeAll');
    return value;
  };
  const harness: TestApp = {
    get services() {
      return opened(services);
    },
    get app() {
      return opened(app);
    },
    get closedThrough() {
      return closedThrough;
    },
    post: (url, payload = {}) => opened(app).inject({ method: 'POST', url, payload: payload as object }),
    get: (url) => opened(app).inject({ method: 'GET', url }),
    async closeDaysThrough(last) {
      while (closedThrough < last) {
        const next = addDays(closedThrough, 1);
        const run = await harness.post('/v1/eod/runs', { businessDate: next });
        expect([next, run.statusCode, run.json()]).toEqual([next, 200, expect.objectContaining({ businessDate: next, reconciled: true })]);
        closedThrough = next;
        clock.set(`${addDays(next, 1)}T02:00:00.000Z` as Instant);
      }
    },
  };
  return harness;
}
