/**
 * Relay nodes as separate processes, so a test can kill one (SIGKILL: a crashed machine) while the
 * others and the clients carry on. A node runs either the real entry with real flags (`flags`:
 * src/main.ts, exactly what `securebase relay` parses) or relay-node-main.ts with options main.ts
 * has no flag for (`options`: raised limits). Log lines (stderr) are kept per node.
 *
 *   const node = await startRelayNode({ flags: ['--port', '0', '--database', url, '--node-id', 'relay-1'] });
 *   await fetch(`${node.url}/healthz`);
 *   await node.kill();   // SIGKILL, then wait for the exit
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { StartRelayOptions } from '../src/node.js';
import type { RelayClient } from './pairing-fixtures.js';
import { FrameSocket } from './relay-harness.js';

export interface RelayNode {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  pid: number;
  /** The node's log lines so far (JSON, from stderr). */
  logLines: string[];
  /** Resolves when the process has exited, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL the node and wait until it has exited. */
  kill(): Promise<void>;
  /** SIGTERM (the node closes its sockets with SERVER_SHUTDOWN), SIGKILL after 5 s. */
  stop(): Promise<void>;
}

export type RelayNodeSpec = { flags: string[]; env?: Record<string, string> } | { options: Omit<StartRelayOptions, 'log' | 'now' | 'port'>; env?: Record<string, string> };

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TEST_MAIN = fileURLToPath(new URL('./relay-node-main.ts', import.meta.url));
const READY = /^Secure Base relay listening on (http:\/\/\S+)$/;

/** Start one node; resolves once it listens. */
export async function startRelayNode(spec: RelayNodeSpec): Promise<RelayNode> {
  const args = 'flags' in spec ? [MAIN, ...spec.flags] : [TEST_MAIN, JSON.stringify(spec.options)];
  const env = { ...process.env, ...spec.env };
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const logLines: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => logLines.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`relay node exited (${code}) before listening:\n${logLines.join('\n')}`));
    child.once('exit', onExit);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const ready = READY.exec(line);
      if (!ready?.[1]) return;
      child.off('exit', onExit);
      resolve(ready[1]);
    });
  });
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    logLines,
    exited,
    async kill() {
      // Our own child, by its handle: never by name.
      if (running()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (running()) {
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(kill);
      }
    },
  };
}

/** One node as the pairing fixtures see a relay: straight to it, on the real clock. */
export function directClient(node: RelayNode): RelayClient {
  return {
    clock: {
      get now() {
        return Date.now();
      },
    },
    async fetchJson(path, init) {
      const response = await fetch(`${node.url}${path}`, init);
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    connect: (spaceId) => FrameSocket.open(`${node.url.replace('http', 'ws')}/v1/spaces/${spaceId}/ws`),
  };
}
