/**
 * The provider across a key rotation: changes sealed under the old epoch while offline are
 * refused by the relay as 'stale-epoch', re-sealed under the new key (fetched through
 * opts.refreshKeys) and delivered; a partner opening them fetches the new key the same way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SHARED_DOC_ID, decodeEnvelope } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { currentKey, refreshKeys, removeDevice, type Credentials, type EncryptedProvider } from '@securebase/sync';
import { eventually, linkDevice, pairedSpace, startPairingRelay, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeEach(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterEach(async () => {
  await r.close();
});

/** opts.refreshKeys as an app would wire it: fetch new wraps for the provider's current credentials. */
function refresher(get: () => EncryptedProvider): () => Promise<Credentials> {
  return () => refreshKeys(get().credentials);
}

describe('EncryptedProvider across a key rotation', () => {
  it('re-seals offline changes refused as stale-epoch and delivers them under the new key', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    const a = r.provider(alice, new Y.Doc(), SHARED_DOC_ID, { refreshKeys: refresher(() => a.provider) });
    const b = r.provider(bob, new Y.Doc(), SHARED_DOC_ID, { refreshKeys: refresher(() => b.provider) });
    await Promise.all([a.provider.whenSynced(), b.provider.whenSynced()]);

    b.provider.disconnect();
    b.provider.doc.getText('t').insert(0, 'written before the rotation reached me');
    await b.provider.persistNow();
    expect(b.provider.pendingCount).toBe(1);

    const rotated = await removeDevice(alice, alice2.device.signPublicKey);
    expect(currentKey(rotated, 'space').epoch).toBe(1);

    b.provider.connect();
    await b.provider.flush();
    await eventually(() => expect(a.provider.doc.getText('t').toString()).toBe('written before the rotation reached me'));
    expect(currentKey(b.provider.credentials, 'space').epoch).toBe(1);
    // Healing a rotation is routine: no error events on either side.
    expect([...a.errors, ...b.errors]).toEqual([]);

    const storage = openSqliteStorage(r.dataDir);
    try {
      const stored = storage.listUpdates(bob.spaceId, SHARED_DOC_ID, 0, 1e9);
      expect(stored.map((e) => decodeEnvelope(e.envelope).header.epoch)).toEqual([1]);
    } finally {
      storage.close();
    }
  });
});
