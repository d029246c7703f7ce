/**
 * @securebase/sync — the client core: relay HTTP client, space flows (create, invite, join),
 * credentials codec, local state store interface and the encrypted Yjs provider.
 * Runtime-neutral: uses globalThis.fetch and a WebSocket class passed in or globalThis.WebSocket.
 *
 *   import { createSpace, EncryptedProvider } from '@securebase/sync';
 *   const creds = await createSpace(relayUrl);
 *   const provider = new EncryptedProvider(creds.relayUrl, 'shared', doc, { credentials: creds });
 */
export { type LocalStateStore, MemoryStateStore } from './state-store.js';
export {
  type Credentials,
  type CredentialsInput,
  makeCredentials,
  currentKey,
  keyForEpoch,
  mergeKeys,
  encodeCredentials,
  decodeCredentials,
} from './credentials.js';
export { SpaceClient, type SpaceClientOptions } from './space-client.js';
export {
  createSpace,
  createInviteLink,
  parseInviteLink,
  joinSpace,
  fetchVerifiedMembership,
  type FlowOptions,
} from './space-flows.js';
export {
  verifyMembershipFor,
  fetchVerifiedMembershipFrom,
  fetchVerifiedChainFrom,
  type VerifyMembershipOptions,
} from './membership.js';
export { PairingClient, type DeviceLinkRecord, type StoredKeyWrap } from './pairing-client.js';
export { deviceFingerprint } from './device-id.js';
export {
  createDeviceLinkCode,
  parseDeviceLinkCode,
  joinAsLinkedDevice,
  type DeviceLinkHandle,
  type LinkRequestInfo,
  type JoinLinkOptions,
  type PollOptions,
} from './device-flows.js';
export { listDevices, removeDevice, leaveSpace, rotateAfterLeave, type DeviceListing } from './device-management.js';
export { refreshKeys, bundleFor } from './key-refresh.js';
export { chainHistory, type ChainHistory, type DeviceSpan } from './chain-history.js';
export { getSafetyNumber, TrustStore, type SafetyNumberInfo, type TrustStatus } from './trust.js';
export { openPrivateDoc, type PrivateDocOptions } from './private-docs.js';
export {
  EncryptedProvider,
  websocketUrl,
  type EncryptedProviderOptions,
  type EncryptedProviderEvents,
  type ProviderStatus,
} from './encrypted-provider.js';
export { reconnectDelay } from './backoff.js';
export { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './snapshots.js';
export {
  EncryptedStateStore,
  LOCAL_KEY_RECORD,
  openLocalKey,
  setPassphrase,
  removePassphrase,
  hasPassphrase,
} from './encrypted-state-store.js';
