/**
 * One private PostgreSQL for a test file (test/services/postgres.ts), started before its tests
 * and stopped after, and a fresh empty database on it whenever a test wants one.
 *
 *   const pgServer = usePrivatePostgres('contract');
 *   const url = await pgServer.freshDatabase();   // postgres://…/contract_1
 */
import './pg-under-vitest.js';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startPrivatePostgres, type PrivatePostgres } from '../../../test/services/postgres.js';

export interface PrivatePostgresFixture {
  /** A new, empty database on the private server; its URL. */
  freshDatabase(): Promise<string>;
}

export function usePrivatePostgres(prefix: string): PrivatePostgresFixture {
  let server: PrivatePostgres | undefined;
  let admin: pg.Client | undefined;
  let databases = 0;
  beforeAll(async () => {
    server = await startPrivatePostgres();
    admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
  }, 60_000);
  afterAll(async () => {
    await admin?.end();
    await server?.stop();
  });
  const ready = (): { server: PrivatePostgres; admin: pg.Client } => {
    if (!server || !admin) throw new Error('usePrivatePostgres: the server starts in beforeAll');
    return { server, admin };
  };
  return {
    async freshDatabase() {
      const { server: started, admin: client } = ready();
      const name = `${prefix}_${++databases}`;
      await client.query(`CREATE DATABASE ${name}`);
      return started.url.replace(/\/postgres$/, `/${name}`);
    },
  };
}
