import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SPACE_SCOPE, privateDocId, privateScope, scopeForDoc } from '@securebase/protocol';
import { openEnvelope, readyCrypto } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { EncryptedProvider, currentKey, keyForEpoch, openPrivateDoc } from '@securebase/sync';
import { NodeWebSocket, codeOf, eventually, linkDevice, pairedSpace, startPairingRelay, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeAll(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterAll(async () => {
  await r.close();
});

const providerOpts = { WebSocketPolyfill: NodeWebSocket, maxBackoffTime: 300 };

describe('private documents', () => {
  it('sync between one partner’s devices and stay closed to the other partner', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    const docA = new Y.Doc();
    const docA2 = new Y.Doc();
    const a = r.track(openPrivateDoc(alice, docA, providerOpts));
    const a2 = r.track(openPrivateDoc(alice2, docA2, providerOpts));
    await Promise.all([a.provider.whenSynced(), a2.provider.whenSynced()]);
    docA.getMap('drafts').set('d1', 'a draft only I see');
    await a.provider.flush();
    await eventually(() => expect(docA2.getMap('drafts').get('d1')).toBe('a draft only I see'));
    expect([...a.errors, ...a2.errors]).toEqual([]);

    // Bob's device asking the relay for Alice's private document is refused.
    const docId = privateDocId(alice.partnerId);
    const snoop = r.track(new EncryptedProvider(bob.relayUrl, docId, new Y.Doc(), { credentials: bob, ...providerOpts }));
    await eventually(() => expect(snoop.errors.map((e) => e.code)).toContain('forbidden-document'));

    // Even holding the ciphertext, Bob has no key of that scope, and his space key does not open it.
    const storage = openSqliteStorage(r.dataDir);
    const envelopes = storage.listUpdates(alice.spaceId, docId, 0, 1e9).map((entry) => entry.envelope);
    storage.close();
    expect(envelopes.length).toBeGreaterThan(0);
    expect(scopeForDoc(docId)).toBe(privateScope(alice.partnerId));
    for (const envelope of envelopes) {
      const withHisScope = openEnvelope(envelope, { spaceId: alice.spaceId, docId, keyForEpoch: (e) => keyForEpoch(bob, scopeForDoc(docId), e) });
      expect(withHisScope.ok ? undefined : withHisScope.error.code).toBe('unknown-epoch');
      const withSpaceKey = openEnvelope(envelope, { spaceId: alice.spaceId, docId, keyForEpoch: () => currentKey(bob, SPACE_SCOPE).key });
      expect(withSpaceKey.ok ? undefined : withSpaceKey.error.code).toMatch(/^(bad-commitment|decrypt-failed)$/);
    }
  });

  it('need this partner’s private key', async () => {
    const { alice } = await pairedSpace(r.url);
    const withoutPrivate = { ...alice, keys: alice.keys.filter((k) => k.scope === SPACE_SCOPE) };
    expect(await codeOf(Promise.resolve().then(() => openPrivateDoc(withoutPrivate, new Y.Doc(), providerOpts)))).toBe('unknown-epoch');
  });
});
