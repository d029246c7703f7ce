/**
 * The bus over Redis, for several relay nodes on one PostgreSQL. Each space is a pub/sub channel
 * a node subscribes to while it holds a session of that space; a commit publishes one hint. Redis
 * holds nothing the relay needs to keep: a restart loses only hints (receivers reconcile from
 * PostgreSQL) and connection counts (each node writes its own back within a refresh).
 *
 * Two connections, because a subscribed Redis connection can do nothing else: one publishes and
 * counts connections, one receives. Neither queues commands while Redis is away
 * (enableOfflineQueue: false), so envelopes never pile up in memory: a node keeps only the newest
 * seq of each document (and each membership change) it failed to publish and says it again,
 * envelope-less, once Redis is back. Receivers reconcile with storage after their own reconnect,
 * after a silence and every `reconcileMs`, so even a hint lost without any error is found. A
 * heartbeat this node publishes to itself every `heartbeatMs` tells a silent bus (a connection
 * that looks open but carries nothing) from a quiet one.
 *
 * The per-space connection limit across nodes: a sorted set per space whose members are this
 * node's sessions, scored with an expiry; a claim (one Lua script, so check-and-add is atomic)
 * drops expired members, refuses at `max`, adds one. Each node refreshes its members' expiry
 * every third of `connectionTtlMs`, so a node that died stops counting within the TTL. While
 * Redis is down a node admits up to `max` by its own count.
 *
 * ioredis rather than node-redis: one package with its types, reconnection with a retry strategy
 * we control, Buffer-valued pub/sub ('messageBuffer'), and no offline queue on request.
 *
 *   const bus = await openRedisBus({ url: 'redis://127.0.0.1:6379', nodeId: 'relay-1', onError });
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { decodeBusMessage, encodeBusMessage, type BusMessage } from './bus-message.js';
import type { BusReceiver, ConnectionClaim, SpaceBus, UpdateHint } from './types.js';

export interface RedisBusOptions {
  /** redis://[user:password@]host:port[/db] or rediss:// */
  url: string;
  /** The operator's name for this node (--node-id); a random suffix keeps two nodes of one name apart. */
  nodeId: string;
  /** A Redis problem, reported once per outage (never a message's content). */
  onError: (what: string, error: unknown) => void;
  heartbeatMs?: number;
  connectionTtlMs?: number;
  /** How often the hub re-reads the heads it serves even though no message was lost that we know of. */
  reconcileMs?: number;
}

const SPACE_CHANNEL = 'securebase:space:';
const HEARTBEAT_CHANNEL = 'securebase:heartbeat:';
const CONNECTIONS_KEY = 'securebase:connections:';
/** How long one Redis command may take before it counts as failed. */
const COMMAND_TIMEOUT_MS = 1000;
/** How often a node reads storage for other nodes' commits while the bus is down. */
const OUTAGE_RECONCILE_MS = 1000;

/** Failed hints kept to send again (one per document); beyond it the periodic reconcile finds them. */
const MAX_UNSENT = 10_000;
/** How long a start waits for Redis before the node serves without a bus (it keeps trying). */
const START_WAIT_MS = 5000;

// KEYS[1] the space's set; ARGV: member, max, ttl ms. Server time, so node clocks do not matter.
const CLAIM_SCRIPT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// KEYS[1] the space's set; ARGV: ttl ms, members. Adds back members a Redis restart lost.
const REFRESH_SCRIPT = `
local t = redis.call('TIME')
local expires = t[1] * 1000 + math.floor(t[2] / 1000) + tonumber(ARGV[1])
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], expires, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** Reconnect quickly at first, then every 2 s at most; never give up (Redis may come back). */
const retryStrategy = (attempt: number): number => Math.min(50 * attempt, 2000);

/** One session's slot in a space's set, held as long as its socket: a small object, not a closure. */
class HeldSlot implements ConnectionClaim {
  readonly #release: (spaceId: string, member: string) => void;
  readonly #spaceId: string;
  readonly #member: string;

  constructor(release: (spaceId: string, member: string) => void, spaceId: string, member: string) {
    this.#release = release;
    this.#spaceId = spaceId;
    this.#member = member;
  }

  release(): void {
    this.#release(this.#spaceId, this.#member);
  }
}

export class RedisBus implements SpaceBus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #origin: string;
  readonly #onError: RedisBusOptions['onError'];
  readonly #heartbeatMs: number;
  readonly #ttlMs: number;
  readonly #watched = new Set<string>();
  /** This node's connection members per space (claimed through Redis or, while it was down, locally). */
  readonly #held = new Map<string, Set<string>>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  /** Hints and membership messages whose publish failed, sent again once the publisher is back. */
  readonly #unsentUpdates = new Map<string, { spaceId: string; docId: string; seq: number }>();
  readonly #unsentMembership = new Set<string>();
  #receiver: BusReceiver | undefined;
  #lastHeartbeat = 0;
  /** True while heartbeats arrive in time; a change to true after silence triggers a reconcile. */
  #alive = false;
  #outageReported = false;
  #members = 0;
  #closed = false;

  constructor(options: RedisBusOptions) {
    this.#origin = `${options.nodeId}/${randomBytes(6).toString('hex')}`;
    this.#onError = options.onError;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#ttlMs = options.connectionTtlMs ?? 30_000;
    const common = { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: COMMAND_TIMEOUT_MS, retryStrategy };
    this.#publisher = new Redis(options.url, { ...common, connectionName: `securebase-bus-pub-${options.nodeId}` });
    this.#subscriber = new Redis(options.url, { ...common, autoResubscribe: false, connectionName: `securebase-bus-sub-${options.nodeId}` });
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error: unknown) => this.#reportOutage(error));
    }
    this.#subscriber.on('ready', () => void this.#resubscribe());
    this.#publisher.on('ready', () => this.#onPublisherReady());
    this.#subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#onMessage(channel.toString(), message));
    this.#timers.push(setInterval(() => this.#heartbeat(), this.#heartbeatMs));
    this.#timers.push(setInterval(() => void this.#refreshConnections(), Math.max(1000, Math.floor(this.#ttlMs / 3))));
    // A hint can be lost without any sign (published into a connection that was just dying).
    this.#timers.push(setInterval(() => this.#receiver?.reconcile(), options.reconcileMs ?? 30_000));
    // While the bus carries nothing, read storage every second instead: other nodes' commits still
    // reach this node's clients, a second late, and the node stays in service (PostgreSQL is the truth).
    this.#timers.push(setInterval(() => { if (!this.#alive) this.#receiver?.reconcile(); }, OUTAGE_RECONCILE_MS));
  }

  start(receiver: BusReceiver): void {
    this.#receiver = receiver;
  }

  /** Resolve once a heartbeat has gone round (the bus works), or after `waitMs` either way. */
  async whenReady(waitMs = START_WAIT_MS): Promise<boolean> {
    for (let waited = 0; !this.ready() && waited < waitMs; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.ready();
  }

  async watch(spaceId: string): Promise<void> {
    this.#watched.add(spaceId);
    // Down: the 'ready' handler subscribes every watched space once Redis is back.
    await this.#subscriber.subscribe(SPACE_CHANNEL + spaceId).catch(() => undefined);
  }

  unwatch(spaceId: string): void {
    this.#watched.delete(spaceId);
    this.#subscriber.unsubscribe(SPACE_CHANNEL + spaceId).catch(() => undefined);
  }

  publishUpdate(spaceId: string, hint: UpdateHint): void {
    const { docId, seq } = hint;
    this.#publish(spaceId, { kind: 'update', origin: this.#origin, docId, seq, envelope: hint.envelope }, () => {
      // Sent again (envelope-less: receivers read storage) once Redis is back; the newest seq is enough.
      const key = `${spaceId}\n${docId}`;
      const known = this.#unsentUpdates.get(key);
      this.#unsentUpdates.delete(key);
      this.#unsentUpdates.set(key, { spaceId, docId, seq: Math.max(seq, known?.seq ?? 0) });
      const oldest = this.#unsentUpdates.keys().next().value;
      // Past the bound the oldest are left to the periodic reconcile.
      if (this.#unsentUpdates.size > MAX_UNSENT && oldest !== undefined) this.#unsentUpdates.delete(oldest);
    });
  }

  publishEphemeral(spaceId: string, docId: string, envelope: Uint8Array): void {
    // Presence is lossy by design: a lost one is simply gone.
    this.#publish(spaceId, { kind: 'ephemeral', origin: this.#origin, docId, envelope });
  }

  publishMembershipChanged(spaceId: string): void {
    this.#publish(spaceId, { kind: 'membership', origin: this.#origin }, () => {
      this.#unsentMembership.add(spaceId);
    });
  }

  async claimConnection(spaceId: string, max: number): Promise<ConnectionClaim | undefined> {
    const member = `${this.#origin}:${++this.#members}`;
    let claimed: boolean;
    try {
      claimed = (await this.#publisher.eval(CLAIM_SCRIPT, 1, CONNECTIONS_KEY + spaceId, member, max, this.#ttlMs)) === 1;
    } catch (error) {
      // Redis is away: hold the limit on this node at least; the refresh writes the slot back later.
      this.#reportOutage(error);
      claimed = (this.#held.get(spaceId)?.size ?? 0) < max;
    }
    if (!claimed) return undefined;
    let members = this.#held.get(spaceId);
    if (!members) {
      members = new Set();
      this.#held.set(spaceId, members);
    }
    members.add(member);
    return new HeldSlot(this.#releaseSlot, spaceId, member);
  }

  ready(): boolean {
    return this.#publisher.status === 'ready' && this.#subscriber.status === 'ready' && Date.now() - this.#lastHeartbeat <= 3 * this.#heartbeatMs;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    const releases = [...this.#held].map(([spaceId, members]) =>
      this.#publisher.zrem(CONNECTIONS_KEY + spaceId, ...members).catch(() => undefined),
    );
    await Promise.all(releases);
    this.#held.clear();
    // quit() says goodbye when connected; disconnect() stops the reconnecting when not.
    await Promise.all([this.#publisher.quit().catch(() => undefined), this.#subscriber.quit().catch(() => undefined)]);
    this.#publisher.disconnect();
    this.#subscriber.disconnect();
  }

  /** #release for this bus's HeldSlots: one function for all of them. */
  readonly #releaseSlot = (spaceId: string, member: string): void => this.#release(spaceId, member);

  #release(spaceId: string, member: string): void {
    const members = this.#held.get(spaceId);
    if (!members?.delete(member)) return;
    if (members.size === 0) this.#held.delete(spaceId);
    // Down: the member expires with its TTL (it is no longer refreshed).
    this.#publisher.zrem(CONNECTIONS_KEY + spaceId, member).catch(() => undefined);
  }

  /** Publish now; if Redis is away, `onLost` keeps what must be said again once it is back. */
  #publish(spaceId: string, message: BusMessage, onLost?: () => void): void {
    this.#publisher.publish(SPACE_CHANNEL + spaceId, Buffer.from(encodeBusMessage(message))).catch((error: unknown) => {
      this.#reportOutage(error);
      onLost?.();
    });
  }

  /** The publisher is back: say again what could not be said, and write this node's connection slots back. */
  #onPublisherReady(): void {
    const updates = [...this.#unsentUpdates.values()];
    const spaces = [...this.#unsentMembership];
    this.#unsentUpdates.clear();
    this.#unsentMembership.clear();
    for (const { spaceId, docId, seq } of updates) this.publishUpdate(spaceId, { docId, seq });
    for (const spaceId of spaces) this.publishMembershipChanged(spaceId);
    void this.#refreshConnections();
  }

  #onMessage(channel: string, bytes: Buffer): void {
    if (channel.startsWith(HEARTBEAT_CHANNEL)) {
      this.#lastHeartbeat = Date.now();
      this.#setAlive(true);
      return;
    }
    const receiver = this.#receiver;
    if (!receiver || !channel.startsWith(SPACE_CHANNEL)) return;
    const spaceId = channel.slice(SPACE_CHANNEL.length);
    let message: BusMessage;
    try {
      message = decodeBusMessage(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    } catch (error) {
      // Someone else writes to our channels: ignore their bytes, but let the operator know.
      this.#onError('reading a bus message', error);
      return;
    }
    if (message.origin === this.#origin) return;
    switch (message.kind) {
      case 'update':
        return receiver.update(spaceId, { docId: message.docId, seq: message.seq, envelope: message.envelope });
      case 'ephemeral':
        return receiver.ephemeral(spaceId, message.docId, message.envelope);
      case 'membership':
        return receiver.membershipChanged(spaceId);
    }
  }

  /** After (re)connecting: subscribe to the heartbeat and every watched space, then reconcile. */
  async #resubscribe(): Promise<void> {
    const channels = [HEARTBEAT_CHANNEL + this.#origin, ...[...this.#watched].map((spaceId) => SPACE_CHANNEL + spaceId)];
    try {
      await this.#subscriber.subscribe(...channels);
    } catch (error) {
      // The connection dropped again: the next 'ready' tries again.
      this.#reportOutage(error);
      return;
    }
    this.#outageReported = false;
    // At once rather than at the next tick, so readiness follows a (re)connect quickly.
    this.#heartbeat();
    this.#receiver?.reconcile();
  }

  #heartbeat(): void {
    if (Date.now() - this.#lastHeartbeat > 3 * this.#heartbeatMs) this.#setAlive(false);
    this.#publisher.publish(HEARTBEAT_CHANNEL + this.#origin, '1').catch((error: unknown) => this.#reportOutage(error));
  }

  #setAlive(alive: boolean): void {
    if (alive === this.#alive) return;
    this.#alive = alive;
    // Heartbeats are back after a silence: whatever was published meanwhile may be lost.
    if (alive) this.#receiver?.reconcile();
  }

  async #refreshConnections(): Promise<void> {
    for (const [spaceId, members] of this.#held) {
      try {
        await this.#publisher.eval(REFRESH_SCRIPT, 1, CONNECTIONS_KEY + spaceId, this.#ttlMs, ...members);
      } catch (error) {
        this.#reportOutage(error);
        return;
      }
    }
  }

  #reportOutage(error: unknown): void {
    if (this.#outageReported || this.#closed) return;
    this.#outageReported = true;
    this.#onError('the bus (Redis)', error);
  }
}

/** Open the Redis bus and wait (a few seconds at most) until it carries messages. */
export async function openRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const bus = new RedisBus(options);
  await bus.whenReady();
  return bus;
}
