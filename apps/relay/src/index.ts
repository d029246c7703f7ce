// Public surface of @securebase/relay: start a relay on Node, or build the app and storage
// yourself for another runtime or an embedded relay.
export { startRelay, defaultWebRoot, type StartRelayOptions, type RunningRelay } from './node.js';
export { createRelayApp, type RelayAppOptions } from './app.js';
export { SqliteStorage, openSqliteStorage, SCHEMA_VERSION, DATABASE_FILE } from './storage/sqlite.js';
export type {
  RelayStorage,
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
