/**
 * @securebase/sync/testing — steps inside the public flows that tests check on their own:
 * merging fetched keys into credentials, verifying already fetched membership ops, and the
 * relay's WebSocket URL. Apps use the flows (refreshKeys, fetchVerifiedMembership,
 * EncryptedProvider) instead. Import it only from tests.
 *
 *   import { verifyMembershipFor } from '@securebase/sync/testing';
 */
export { mergeKeys } from './credentials.js';
export { verifyMembershipFor } from './membership.js';
export { websocketUrl } from './relay-socket.js';
