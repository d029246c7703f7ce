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
  encodeCredentials,
  decodeCredentials,
} from './credentials.js';
export { SpaceClient, type SpaceClientOptions } from './space-client.js';
export {
  createSpace,
  createInviteLink,
  revokeInviteLinks,
  parseInviteLink,
  joinSpace,
  fetchVerifiedMembership,
  type FlowOptions,
} from './space-flows.js';
export {
  fetchVerifiedMembershipFrom,
  fetchVerifiedChainFrom,
  type VerifyMembershipOptions,
} from './membership.js';
export { agreementVerifier, unknownSigningKeys } from './agreement-trust.js';
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
  type EncryptedProviderOptions,
  type EncryptedProviderEvents,
  type ProviderStatus,
} from './encrypted-provider.js';
export { reconnectDelay } from './backoff.js';
export {
  LiveSignalChannel,
  encodeLiveSignal,
  decodeLiveSignal,
  CHECK_QUESTIONS,
  CHECK_ANSWERS,
  PAUSE_MINUTES,
  SIGNAL_WORD_MAX,
  SIGNAL_PADDED_BYTES,
  REHEARSE_MAX_STEPS,
  type LiveSignal,
  type LiveSignalVerdict,
  type CheckQuestion,
  type CheckAnswer,
  type SignalDropReason,
} from './live-signals.js';
export { LiveSignals, type ReceivedSignal, type SignalDelivery } from './live-signal-sync.js';
export {
  DesireReveals,
  DesireRevealRound,
  REVEAL_HELLO_INTERVAL_MS,
  type DesireRevealOptions,
  type DesireRevealPhase,
  type DesireRevealResult,
} from './desire-reveal.js';
export { REVEAL_PAD_BYTES, encodeRevealFrame, decodeRevealFrame, type RevealFrame } from './desire-reveal-frames.js';
export {
  BREATHE_PATTERNS,
  BREATHE_PATTERN_IDS,
  BREATHE_MAX_MS,
  breatheCycleMs,
  breathePhase,
  ClockOffsetEstimate,
  type BreathePattern,
  type BreathePatternId,
  type BreathePhase,
  type BreathStep,
} from './breathe-pacer.js';
export { BreatheTogether, type BreatheSession, type BreatheState, type BreatheTogetherOptions } from './breathe-together.js';
export { RehearseTogether, type RehearsalSession, type RehearseState, type RehearseTogetherOptions } from './rehearse-together.js';
export {
  LiveMoments,
  DEFAULT_PAUSE_MINUTES,
  type LiveMomentsState,
  type LiveMomentsOptions,
  type ActivePause,
  type IncomingCheck,
  type OutgoingCheck,
  type SignalTransport,
} from './live-moments.js';
export { type KeptPauseOptions } from './kept-pause.js';
export { DEFAULT_SNAPSHOT_POLICY, type SnapshotPolicy } from './snapshots.js';
export {
  EncryptedStateStore,
  LOCAL_KEY_RECORD,
  openLocalKey,
  setPassphrase,
  removePassphrase,
  hasPassphrase,
} from './encrypted-state-store.js';
export { MAX_FETCHED_FILES, MAX_FILE_BYTES, readCapped, fetchServedWebApp, type FetchedFile, type ServedWebApp } from './served-web-app.js';
export { type WebAppCheck, type WebAppIssue, type NoManifestReason, checkServedWebApp, englishIssue } from './web-app-check.js';
