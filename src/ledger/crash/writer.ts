/**
 * The process the crash test kills: opens the ledger on the PostgreSQL schema named by
 * LEDGER_CRASH_SCHEMA and streams the planned requests (crash/workload.ts) from several concurrent
 * clients, printing one line per transfer as soon as its request is acknowledged:
 * `<transfer id> <result>`. Runs until killed or until every client sent `requestsMax` requests.
 */
import { openDatabase } from '../../db/open.ts';
import { systemClock } from '../../kernel/instant.ts';
import { createLedger } from '../ledger.ts';
import { CRASH_TENANT, plannedRequest } from './workload.ts';

const CLIENTS = 8;
const REQUESTS_MAX = 100_000;

const url = process.env.DATABASE_URL;
const schema = process.env.LEDGER_CRASH_SCHEMA;
if (!url || !schema) throw new Error('DATABASE_URL and LEDGER_CRASH_SCHEMA are required');

const db = await openDatabase({ url, schema, migrate: false });
const ledger = createLedger({ db, clock: systemClock });

await Promise.all(
  Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; n < REQUESTS_MAX; n++) {
      const { transfers } = plannedRequest(client, n);
      const reply = await ledger.createTransfers(CRASH_TENANT, transfers);
      if (!reply.ok) throw new Error(`request refused: ${reply.code}`);
      // Pipes are written synchronously on Linux: a line printed here is a line the test can read.
      process.stdout.write(transfers.map((t, i) => `${t.id} ${reply.value[i]}\n`).join(''));
    }
  }),
);
await db.close();
