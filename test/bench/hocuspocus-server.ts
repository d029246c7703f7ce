/**
 * The scale-out baseline's server process: one Hocuspocus instance (@hocuspocus/server 3.x, the
 * line that runs on Node 20) with its Redis extension, so two of them on one Redis behave as one
 * cluster: an update applied on one instance is published and applied on the other, which
 * broadcasts it to its own clients. No persistence extension (the Secure Base side's storage is
 * the one thing it has that this lacks, and the comparison says so). Spoken to over the fork IPC
 * channel like the other servers (server-process.ts).
 *
 *   const server = await startServerProcess('hocuspocus-server.ts', ['--redis-port', '6390', '--id', 'hp-1']);
 *   new HocuspocusProvider({ url: server.url.replace('http', 'ws'), name: 'room', document: doc });
 */
import { loadHocuspocusRedis, loadHocuspocusServer } from './hocuspocus-modules.js';
import type { ServerReply, ServerRequest } from './server-process.js';

const args = process.argv.slice(2);
const redisPort = Number(args[args.indexOf('--redis-port') + 1]);
const identifier = args[args.indexOf('--id') + 1];
if (!Number.isInteger(redisPort) || !identifier) throw new Error('hocuspocus-server: --redis-port PORT and --id NAME are required');

const [{ Server }, { Redis }] = await Promise.all([loadHocuspocusServer(), loadHocuspocusRedis()]);
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new Redis({ host: '127.0.0.1', port: redisPort, identifier })],
});
await server.listen();
const send = (reply: ServerReply): void => void process.send?.(reply);
process.on('message', (message: ServerRequest) => {
  if (message.type === 'stats') send({ type: 'stats', commitMs: [], loopDelayMs: { p50: 0, p99: 0, max: 0 } });
  else if (message.type === 'close') void server.destroy().then(() => process.exit(0));
});
send({ type: 'listening', url: `http://127.0.0.1:${server.address.port}` });
