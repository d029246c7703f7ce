// Public surface of @securebase/relay: start a relay on Node, or build the app and storage
// yourself for another runtime or an embedded relay.
export { startRelay, defaultWebRoot, type StartRelayOptions, type RunningRelay } from './node.js';
export { createRelayApp, type RelayAppOptions, type MetricsEndpoint } from './app.js';
export {
  parseRelayFlags,
  relayFlagsFromValues,
  relayStartOptions,
  RELAY_FLAG_OPTIONS,
  RELAY_USAGE,
  type RelayFlags,
} from './cli-flags.js';
export { createPromMetrics, type PromRelayMetrics } from './prom-metrics.js';
export type { CreationGate } from './http/creation-gate.js';
export { SqliteStorage, openSqliteStorage, openSqliteRelayStorage, SCHEMA_VERSION, DATABASE_FILE } from './storage/sqlite.js';
export { MemoryStorage, openMemoryRelayStorage } from './storage/memory.js';
export { resolvedStorage } from './storage/resolved.js';
export type {
  RelayStorage,
  SyncRelayStorage,
  StoredInvite,
  AppendUpdateInput,
  AppendUpdateResult,
  MembershipAppendResult,
  MembershipBatchInput,
  MembershipBatchResult,
  DeviceLinkStatus,
  StoredDeviceLink,
  NewDeviceLink,
  RequestDeviceLinkResult,
  StoredKeyWrap,
  StoredSnapshot,
  PutSnapshotInput,
  PutSnapshotResult,
} from './storage/types.js';
export { DEFAULT_LIMITS, resolveLimits, type RelayLimits } from './limits.js';
export { createRelayLog, type RelayLog, type LogSink } from './log.js';
