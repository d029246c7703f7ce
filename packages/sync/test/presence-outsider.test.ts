/**
 * Presence from a device outside the membership, injected by an attacking relay (the proxy of
 * test/adversarial). A partner who joined after the chain was verified makes the provider look
 * the chain up again (presence.test.ts); this proves that look-up opens nothing: an outsider
 * holding the space key (a removed device, say) is still refused with `unknown-author`, its state
 * never reaches the awareness, and however often it sends, it costs one membership look-up.
 *
 *   cd packages/sync && ../../node_modules/.bin/vitest run test/presence-outsider.test.ts
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { SHARED_DOC_ID, type Frame, type SecureBaseError } from '@securebase/protocol';
import { generateDeviceKeys, readyCrypto, sealEnvelope, type DeviceKeys } from '@securebase/crypto';
import { startAttackProxy, type AttackProxy, type FrameRule } from '../../../test/adversarial/attack-proxy.js';
import { currentKey } from '../src/credentials.js';
import { EncryptedProvider } from '../src/encrypted-provider.js';
import { NodeWebSocket, eventually, startHarness, type Harness } from './relay-harness.js';

let h: Harness;
let proxy: AttackProxy;
let provider: EncryptedProvider | undefined;

beforeEach(async () => {
  await readyCrypto();
  h = await startHarness();
  proxy = await startAttackProxy(h.relay.url);
});

afterEach(async () => {
  await provider?.destroy();
  await proxy.close();
  await h.close();
});

/** An awareness update naming 'Intruder', sealed as presence by `outsider`, who is not a member. */
function outsiderPresence(outsider: DeviceKeys, clock: number): Frame {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { name: 'Intruder' });
  const { epoch, key } = currentKey(h.alice, 'space');
  const envelope = sealEnvelope({
    header: { spaceId: h.alice.spaceId, docId: SHARED_DOC_ID, epoch, author: outsider.signPublicKey, clock, kind: 'ephemeral' },
    plaintext: encodeAwarenessUpdate(awareness, [doc.clientID]),
    epochKey: key,
    device: outsider,
  });
  awareness.destroy();
  return { type: 'ephemeral', docId: SHARED_DOC_ID, envelope };
}

/** Serve `frames` right after the next `synced` (the socket is ready for presence then). */
function afterNextSynced(frames: Frame[]): FrameRule {
  let done = false;
  return (frame) => {
    if (done || frame.type !== 'synced') return undefined;
    done = true;
    return [frame, ...frames];
  };
}

describe('presence from outside the membership', () => {
  it('is refused with unknown-author and never applied, at the cost of one membership look-up', async () => {
    const lookups: string[] = [];
    const counted: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.endsWith('/membership')) lookups.push(url);
      return fetch(input, init);
    };
    const outsider = generateDeviceKeys();
    const now = Date.now();
    proxy.attack(h.alice.device.signPublicKey, afterNextSynced([outsiderPresence(outsider, now), outsiderPresence(outsider, now + 1)]));
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    provider = new EncryptedProvider(proxy.url, SHARED_DOC_ID, doc, {
      credentials: h.alice,
      awareness,
      fetch: counted,
      WebSocketPolyfill: NodeWebSocket,
      maxBackoffTime: 300,
    });
    const errors: SecureBaseError[] = [];
    provider.on('error', (e) => errors.push(e));
    await provider.whenSynced();
    await eventually(() => expect(errors.map((e) => e.code)).toEqual(['unknown-author', 'unknown-author']));
    // One to verify the chain on connect, one for the outsider: not one per message.
    expect(lookups).toHaveLength(2);
    const names = [...awareness.getStates().values()].map((state) => (state as { user?: { name?: string } }).user?.name);
    expect(names).not.toContain('Intruder');
    expect(errors.every((e) => !e.fatal)).toBe(true);
  });
});
