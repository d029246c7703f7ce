/**
 * A TCP pass-through in front of the relay whose line can be cut, for one browser's offline test:
 * WebDriver BiDi's offline mode in Firefox only stops new requests and leaves an open WebSocket
 * working, so a real outage needs the connection itself to go. While cut, open connections are
 * destroyed and new ones refused at once; `restore` lets them through again.
 *
 *   const line = await startCuttableLine(h.url);   // → line.url, another origin for the same relay
 *   line.cut(); … line.restore(); await line.close();
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttableLine {
  /** http://127.0.0.1:PORT/ forwarding to the relay. */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableLine(target: string): Promise<CuttableLine> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let down = false;
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  const cutAll = (): void => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${own}/`,
    cut() {
      down = true;
      cutAll();
    },
    restore() {
      down = false;
    },
    async close() {
      down = true;
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
