/**
 * The Secure Base relay as the bench's server process: a real startRelay (SQLite, WAL,
 * synchronous=FULL) in its own Node process, loaded from the BUILT packages (dist, no source
 * condition), so its synchronous commits never block the bench's clients and vice versa.
 * Spoken to over the fork IPC channel (see server-process.ts).
 *
 *   const server = await startServerProcess('relay-server.ts', ['--data', dir, '--breakdown']);
 *   server.url;                                   // http://127.0.0.1:PORT
 *   const { commitMs } = await server.stats();    // with --breakdown: each appendUpdate's duration
 *
 * `--loop-delay` records the event-loop delay without timing commits (the soak), and
 * `--options JSON` passes more StartRelayOptions (limits, trusted proxies) to startRelay.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { SqliteStorage, startRelay, type StartRelayOptions } from '@securebase/relay';
import { loopDelayFigures } from './loop-delay.js';
import type { ServerReply, ServerRequest } from './server-process.js';

const args = process.argv.slice(2);
const dataDir = args[args.indexOf('--data') + 1];
if (!args.includes('--data') || !dataDir) throw new Error('relay-server: --data DIR is required');

const commitMs: number[] = [];
// How long the relay's event loop was held up (commits, snapshot writes, GC): a tail the clients feel.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
const optionsIndex = args.indexOf('--options');
const extraOptions = optionsIndex >= 0 ? (JSON.parse(args[optionsIndex + 1] ?? '{}') as Partial<StartRelayOptions>) : {};
if (args.includes('--loop-delay')) loopDelay.enable();
if (args.includes('--breakdown')) {
  loopDelay.enable();
  // Time every update commit (its batch's transaction, including the one fsync) where the relay runs it:
  // an append waits for its whole batch (storage/group-commit.ts), so each counts the batch's time.
  const appendAll = SqliteStorage.prototype.appendUpdates;
  SqliteStorage.prototype.appendUpdates = function timedAppends(this: SqliteStorage, inputs) {
    const start = performance.now();
    try {
      return appendAll.call(this, inputs);
    } finally {
      const ms = performance.now() - start;
      for (let i = 0; i < inputs.length; i++) commitMs.push(ms);
    }
  };
}

const relay = await startRelay({ ...extraOptions, host: '127.0.0.1', port: 0, dataDir });
const send = (reply: ServerReply): void => void process.send?.(reply);
process.on('message', (message: ServerRequest) => {
  if (message.type === 'stats') {
    send({ type: 'stats', commitMs: commitMs.splice(0), loopDelayMs: loopDelayFigures(loopDelay) });
    loopDelay.reset();
  }
  else if (message.type === 'close') void relay.close().then(() => process.exit(0));
});
send({ type: 'listening', url: relay.url });
