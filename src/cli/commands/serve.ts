/**
 * `lendcore serve --port P`: the HTTP API on the configured database. Expired pending transfers are
 * released every second; SIGINT/SIGTERM stop accepting requests, let queued batches commit, and exit.
 */
import type { Command } from 'commander';
import { buildApp } from '../../api/app.ts';
import { parseApiKeys } from '../../api/tenancy.ts';
import { startServices } from '../../compose.ts';
import { integerOption, runJsonCommand } from '../json-io.ts';

const EXPIRY_SWEEP_MS = 1_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (DATABASE_URL, or PGlite in LENDCORE_DATA_DIR / .lendcore)')
    .option('--port <port>', 'TCP port', '3000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action((opts: { port: string; host: string }) => runJsonCommand(async () => {
      const port = integerOption(opts.port, 'port', 0, 65_535);
      const services = await startServices({ maxConnections: 16 });
      const app = await buildApp({ ...services, apiKeys: parseApiKeys(process.env.LENDCORE_API_KEYS), logger: process.env.LENDCORE_LOG === '1' });
      const sweep = setInterval(() => {
        services.ledger.expirePendingTransfers().catch((error: unknown) => app.log.error(error));
      }, EXPIRY_SWEEP_MS);
      const stop = async (): Promise<void> => {
        clearInterval(sweep);
        await app.close();
        await services.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      const address = await app.listen({ port, host: opts.host });
      process.stdout.write(`lendcore listening on ${address} (${services.db.engine}); OpenAPI at ${address}/openapi.json\n`);
    }));
}
