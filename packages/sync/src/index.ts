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
export { type Credentials, encodeCredentials, decodeCredentials } from './credentials.js';
export { SpaceClient, type SpaceClientOptions } from './space-client.js';
export {
  createSpace,
  createInviteLink,
  parseInviteLink,
  joinSpace,
  fetchVerifiedMembership,
  type FlowOptions,
} from './space-flows.js';
export { verifyMembershipFor, fetchVerifiedMembershipFrom, type VerifyMembershipOptions } from './membership.js';
export {
  EncryptedProvider,
  websocketUrl,
  type EncryptedProviderOptions,
  type EncryptedProviderEvents,
  type ProviderStatus,
} from './encrypted-provider.js';
export { reconnectDelay } from './backoff.js';
