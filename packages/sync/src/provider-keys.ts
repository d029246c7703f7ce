/**
 * The credentials one provider seals and opens with, for one key scope (the space, or a
 * partner's private scope): which key is current, which key opens an old epoch, and fetching
 * newer keys (after a rotation) through the app's `refreshKeys` callback.
 *
 *   const keys = new ProviderKeys(creds, scopeForDoc(docId), refreshKeys);
 *   sealUpdate({ ..., key: keys.current() });
 *   openUpdate(envelope, { spaceId: keys.spaceId, docId, keyForEpoch: keys.keyForEpoch });
 *   if (await keys.refreshOnce()) retry();
 */
import { toBase64Url, type KeyEntry, type KeyScope } from '@securebase/protocol';
import type { DeviceKeys } from '@securebase/crypto';
import { currentKey, keyForEpoch, type Credentials } from './credentials.js';

/** Credentials of one device in one space, viewed through one key scope. */
export class ProviderKeys {
  /** This device's signing key in base64url: how the log names our own entries. */
  readonly deviceKeyText: string;
  private creds: Credentials;
  private readonly scope: KeyScope;
  private readonly refreshKeys: (() => Promise<Credentials>) | undefined;

  constructor(creds: Credentials, scope: KeyScope, refreshKeys: (() => Promise<Credentials>) | undefined) {
    this.creds = creds;
    this.scope = scope;
    this.refreshKeys = refreshKeys;
    this.deviceKeyText = toBase64Url(creds.device.signPublicKey);
  }

  /** The credentials in use. */
  get credentials(): Credentials {
    return this.creds;
  }

  get spaceId(): string {
    return this.creds.spaceId;
  }

  get device(): DeviceKeys {
    return this.creds.device;
  }

  /** Use new credentials; throws RangeError for another space or device. */
  replace(creds: Credentials): void {
    if (creds.spaceId !== this.creds.spaceId || toBase64Url(creds.device.signPublicKey) !== this.deviceKeyText) {
      throw new RangeError('setCredentials: credentials of another space or device');
    }
    this.creds = creds;
  }

  /** The key of `epoch` in our scope, if this device holds it. */
  readonly keyForEpoch = (epoch: number): Uint8Array | undefined => keyForEpoch(this.creds, this.scope, epoch);

  /** The newest key of our scope: what everything is sealed under. */
  current(): KeyEntry {
    return currentKey(this.creds, this.scope);
  }

  currentEpoch(): number {
    return this.current().epoch;
  }

  /** Ask the app for newer keys; true if the current epoch of our scope moved on. */
  async refreshOnce(): Promise<boolean> {
    if (!this.refreshKeys) return false;
    const before = this.currentEpoch();
    this.replace(await this.refreshKeys());
    return this.currentEpoch() > before;
  }
}
