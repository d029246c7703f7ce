/**
 * WebSocket keepalive for the Node adapter: ping every socket each interval and cut the ones that
 * missed two pongs in a row. Without it a socket whose peer vanished (a phone going out of range,
 * a laptop lid closing) holds its connection slot until TCP notices, which can take hours.
 *
 *   const stop = startKeepalive(wss, limits.pingIntervalMs);
 *   stop(); // on shutdown
 */
import type { WebSocket, WebSocketServer } from 'ws';

/** Pongs a socket may miss in a row before it is terminated. */
export const MISSED_PONGS_ALLOWED = 2;

/** Start pinging every client of `wss`; returns a function that stops it. */
export function startKeepalive(wss: WebSocketServer, intervalMs: number): () => void {
  const missed = new WeakMap<WebSocket, number>();
  // One listener for every socket (the emitter is `this`), not a closure per socket.
  function onPong(this: WebSocket): void {
    missed.set(this, 0);
  }
  const onConnection = (socket: WebSocket): void => {
    missed.set(socket, 0);
    socket.on('pong', onPong);
  };
  wss.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const socket of wss.clients) {
      const count = missed.get(socket) ?? 0;
      if (count >= MISSED_PONGS_ALLOWED) {
        socket.terminate();
        continue;
      }
      missed.set(socket, count + 1);
      socket.ping();
    }
  }, intervalMs);
  // The keepalive alone must not keep the process running.
  timer.unref();
  return () => {
    clearInterval(timer);
    wss.off('connection', onConnection);
  };
}
