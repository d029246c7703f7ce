/**
 * RelayMetrics in Prometheus text format (prom-client), for `GET /metrics`. Each relay gets its
 * own Registry, so several relays in one process (tests) never share or clash over counters.
 * Besides the relay's own figures it exports prom-client's process metrics (CPU, memory, file
 * descriptors, GC) and event-loop delay percentiles. Labels are fixed words only (direction, a
 * limit's kind, a route PATTERN, a status class): never an id, an address or content.
 *
 *   const metrics = createPromMetrics({ totals: () => storage.totals(), openSockets: () => 3 }); // totals may be async
 *   metrics.frame('in', 120);
 *   const text = await metrics.render(); // securebase_frames_total{direction="in"} 1 …
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LimitKind, RateKind, RelayMetrics } from './metrics.js';

export interface PromMetricsOptions {
  /** Spaces and stored bytes, read at scrape time (a database adapter answers asynchronously). */
  totals: () => { spaces: number; bytes: number } | Promise<{ spaces: number; bytes: number }>;
  /** WebSocket connections open now (authenticated or not), read at scrape time. */
  openSockets?: () => number;
}

export interface PromRelayMetrics extends RelayMetrics {
  /** The exposition text of every metric. */
  render(): Promise<string>;
  /** The Content-Type of render()'s text. */
  readonly contentType: string;
}

/** HTTP methods counted by name; anything else is 'other', so a client cannot mint label values. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

/** Create the metrics of one relay. */
export function createPromMetrics(options: PromMetricsOptions): PromRelayMetrics {
  const registers = [new Registry()];
  const [registry] = registers;
  if (!registry) throw new Error('unreachable: one registry was just created');
  collectDefaultMetrics({ register: registry });

  const connections = new Gauge({ name: 'securebase_connections', help: 'Authenticated WebSocket sessions open now.', registers });
  new Gauge({
    name: 'securebase_sockets_open',
    help: 'WebSocket connections open now, authenticated or not.',
    registers,
    collect() {
      this.set(options.openSockets?.() ?? 0);
    },
  });
  new Gauge({
    name: 'securebase_spaces',
    help: 'Spaces stored.',
    registers,
    async collect() {
      this.set((await options.totals()).spaces);
    },
  });
  new Gauge({
    name: 'securebase_stored_bytes',
    help: 'Bytes stored over all spaces (ciphertext, membership, invites, wraps).',
    registers,
    async collect() {
      this.set((await options.totals()).bytes);
    },
  });
  const frames = new Counter({ name: 'securebase_frames_total', help: 'WebSocket frames received (in) and sent (out).', labelNames: ['direction'] as const, registers });
  const frameBytes = new Counter({ name: 'securebase_frame_bytes_total', help: 'Bytes of WebSocket frames received (in) and sent (out).', labelNames: ['direction'] as const, registers });
  const commit = new Histogram({
    name: 'securebase_commit_seconds',
    help: 'Time of a storage write that an ack waits on.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const batches = new Histogram({
    name: 'securebase_commit_batch_size',
    help: 'Pushes made durable together by one group commit (one transaction, one flush).',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers,
  });
  const limitHits = new Counter({ name: 'securebase_limit_hits_total', help: 'Requests or frames refused by a limit, by kind.', labelNames: ['kind'] as const, registers });
  const rateLimited = new Counter({ name: 'securebase_rate_limited_total', help: 'Requests refused by a rate limit, by kind.', labelNames: ['kind'] as const, registers });
  const authFailures = new Counter({ name: 'securebase_auth_failures_total', help: 'Devices that failed to authenticate.', registers });
  const backlog = new Gauge({ name: 'securebase_catch_up_backlog_bytes', help: 'Bytes queued for clients that have not read them yet.', registers });
  const httpRequests = new Counter({
    name: 'securebase_http_requests_total',
    help: 'HTTP requests by method, route pattern and status class.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });

  return {
    connectionDelta: (delta) => connections.inc(delta),
    frame: (direction, bytes) => {
      frames.inc({ direction });
      frameBytes.inc({ direction }, bytes);
    },
    commitSeconds: (seconds) => commit.observe(seconds),
    commitBatch: (size) => batches.observe(size),
    limitHit: (kind: LimitKind) => limitHits.inc({ kind }),
    rateLimited: (kind: RateKind) => rateLimited.inc({ kind }),
    authFailure: () => authFailures.inc(),
    catchUpBacklogDelta: (delta) => backlog.inc(delta),
    httpRequest: (method, route, status) => {
      httpRequests.inc({ method: METHODS.has(method) ? method : 'other', route, status: `${Math.floor(status / 100)}xx` });
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
