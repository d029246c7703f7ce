/**
 * The provider's view of who may write: the membership chain, fetched and verified on this
 * device (never taken from the relay on trust), and the author checks built on it. The verified
 * head is kept in the log state, so a later chain that is shorter or different is refused.
 *
 *   const members = new MembershipView({ client, keys, local, scope });
 *   if (members.needsRefresh(welcome.membershipHead)) await members.refresh();
 *   if (!(await members.mayAuthorFresh(header.author, header.epoch, looked))) reject();
 */
import { SecureBaseError, fromBase64Url, type KeyScope } from '@securebase/protocol';
import { isMemberDevice, isRemovedDevice, partnerOfDevice, type MembershipState } from '@securebase/crypto';
import type { LocalState } from './local-state.js';
import { fetchVerifiedMembershipFrom } from './membership.js';
import type { ProviderKeys } from './provider-keys.js';
import type { SpaceClient } from './space-client.js';

export interface MembershipViewOptions {
  client: SpaceClient;
  keys: ProviderKeys;
  local: LocalState;
  /** The key scope of the document: whose rotation locks a removed device out. */
  scope: KeyScope;
}

/** The verified membership of the space, looked up again when it may be out of date. */
export class MembershipView {
  private readonly opts: MembershipViewOptions;
  private membership: MembershipState | undefined;

  constructor(opts: MembershipViewOptions) {
    this.opts = opts;
  }

  /** True unless the chain verified last ends at `headSeq` (the relay's head in `welcome`). */
  needsRefresh(headSeq: number): boolean {
    return !this.membership || this.membership.head.seq !== headSeq;
  }

  /** Fetch and verify the chain; throws 'not-a-member' when this device is no longer in it. */
  async refresh(): Promise<MembershipState> {
    const { client, keys, local } = this.opts;
    const state = await fetchVerifiedMembershipFrom(client, keys.spaceId, { known: local.log.state.membershipHead });
    if (!isMemberDevice(state, keys.device.signPublicKey)) {
      throw new SecureBaseError('not-a-member', 'this device is not in the verified membership');
    }
    this.membership = state;
    local.log.state.membershipHead = { seq: state.head.seq, hash: state.head.hash };
    local.schedulePersist();
    return state;
  }

  /** The partner a device (base64url) belongs or belonged to; this device's own partner even before the chain is fetched. */
  partnerOf(device: string): string | undefined {
    const { keys } = this.opts;
    if (device === keys.deviceKeyText) return keys.credentials.partnerId;
    return this.membership ? partnerOfDevice(this.membership, fromBase64Url(device)) : undefined;
  }

  /** Is `deviceKey` a current member? */
  isMember(deviceKey: Uint8Array): boolean {
    return this.membership !== undefined && isMemberDevice(this.membership, deviceKey);
  }

  /**
   * A current member, or a removed device (or one whose partner left) writing under a key older
   * than the rotation that locked it out: what it wrote while a member stays readable. Until that
   * rotation lands (after a leave it comes later) the current key still predates the lockout.
   */
  mayAuthor(deviceKey: Uint8Array, epoch: number): boolean {
    const state = this.membership;
    if (!state) return false;
    if (isMemberDevice(state, deviceKey)) return true;
    if (!isRemovedDevice(state, deviceKey)) return false;
    const current = state.epochs[this.opts.scope];
    return current !== undefined && (epoch < current || state.pendingRotations.includes(this.opts.scope));
  }

  /** May `deviceKey` have written under `epoch`? Looks the chain up again once if not (a device may have just joined). */
  async mayAuthorFresh(deviceKey: Uint8Array, epoch: number, looked: { done: boolean }): Promise<boolean> {
    if (this.mayAuthor(deviceKey, epoch)) return true;
    if (looked.done) return false;
    looked.done = true;
    await this.refresh();
    return this.mayAuthor(deviceKey, epoch);
  }
}
