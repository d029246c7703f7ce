/**
 * The plaintext baseline's server process: @y/websocket-server's setupWSConnection on a `ws`
 * server, in its own Node process like the Secure Base relay (relay-server.ts), so both systems
 * run server and clients apart. Spoken to over the fork IPC channel (see server-process.ts).
 *
 *   const server = await startServerProcess('y-websocket-server.ts', []);
 *   new WebsocketProvider(server.url.replace('http', 'ws'), 'room', doc, { WebSocketPolyfill });
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import type { ServerReply, ServerRequest } from './server-process.js';

const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(404);
  res.end();
});
server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
  wss.handleUpgrade(req, socket, head, (conn) => setupWSConnection(conn, req, { gc: true }));
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const send = (reply: ServerReply): void => void process.send?.(reply);
process.on('message', (message: ServerRequest) => {
  if (message.type === 'stats') send({ type: 'stats', commitMs: [], loopDelayMs: { p50: 0, p99: 0, max: 0 } });
  else if (message.type === 'close') {
    for (const socket of wss.clients) socket.terminate();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
send({ type: 'listening', url: `http://127.0.0.1:${port}` });
