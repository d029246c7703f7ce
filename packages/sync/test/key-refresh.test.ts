import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPACE_SCOPE, fromBase64Url, privateScope, toBase64Url, type KeyWrapsResponse } from '@securebase/protocol';
import { generateDeviceKeys, generateSpaceKey, readyCrypto, sealKeyBundle } from '@securebase/crypto';
import { MemoryStateStore, currentKey, keyForEpoch, refreshKeys, removeDevice, type Credentials } from '@securebase/sync';
import { codeOf, linkDevice, pairedSpace, startPairingRelay, tamperingFetch, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeAll(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterAll(async () => {
  await r.close();
});

const WRAPS_ROUTE = /\/key-wraps\//;

/** A space where Alice removed a linked device, so Bob has one wrap waiting (space epoch 1). */
async function afterRemoval(): Promise<{ alice: Credentials; bob: Credentials }> {
  const { alice, bob } = await pairedSpace(r.url);
  const alice2 = await linkDevice(alice);
  return { alice: await removeDevice(alice, alice2.device.signPublicKey), bob };
}

/** A relay that serves `wrap` as the only wrap for the device. */
function servingWrap(wrap: Uint8Array): typeof fetch {
  return tamperingFetch(WRAPS_ROUTE, () => ({ wraps: [{ id: 1, wrap: toBase64Url(wrap) }] }));
}

describe('refreshKeys', () => {
  it('fetches only unseen wraps with a store, and starts over when the saved keys lack a current one', async () => {
    const { alice, bob } = await afterRemoval();
    const store = new MemoryStateStore();
    const afters: string[] = [];
    const spying: typeof fetch = (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (WRAPS_ROUTE.test(url.pathname)) afters.push(url.searchParams.get('after') ?? '');
      return fetch(input, init);
    };
    const bob1 = await refreshKeys(bob, store, { fetch: spying });
    expect(currentKey(bob1, SPACE_SCOPE)).toEqual(currentKey(alice, SPACE_SCOPE));
    const again = await refreshKeys(bob1, store, { fetch: spying });
    expect(again).toBe(bob1);
    // Credentials that were not saved after the first refresh: the cursor is ignored.
    const lost = await refreshKeys(bob, store, { fetch: spying });
    expect(keyForEpoch(lost, SPACE_SCOPE, 1)).toEqual(keyForEpoch(alice, SPACE_SCOPE, 1));
    expect(afters[0]).toBe('0');
    expect(Number(afters[1])).toBeGreaterThan(0);
    expect(afters[2]).toBe('0');
  });

  it('refuses a wrap sealed by a device that was never a member', async () => {
    const { bob } = await afterRemoval();
    const stranger = generateDeviceKeys();
    const wrap = sealKeyBundle({
      entries: [{ scope: SPACE_SCOPE, epoch: 1, key: generateSpaceKey() }],
      recipient: { deviceKey: bob.device.signPublicKey, boxKey: bob.device.boxPublicKey },
      wrapper: stranger,
    });
    expect(await codeOf(refreshKeys(bob, undefined, { fetch: servingWrap(wrap) }))).toBe('unknown-author');
  });

  it('refuses keys a member could not hand out: another partner’s private key, an epoch not begun', async () => {
    const { alice, bob } = await afterRemoval();
    const recipient = { deviceKey: bob.device.signPublicKey, boxKey: bob.device.boxPublicKey };
    const privateKey = sealKeyBundle({ entries: [currentKey(alice, privateScope(alice.partnerId))], recipient, wrapper: alice.device });
    expect(await codeOf(refreshKeys(bob, undefined, { fetch: servingWrap(privateKey) }))).toBe('unknown-author');
    const future = sealKeyBundle({ entries: [{ scope: SPACE_SCOPE, epoch: 7, key: generateSpaceKey() }], recipient, wrapper: alice.device });
    expect(await codeOf(refreshKeys(bob, undefined, { fetch: servingWrap(future) }))).toBe('unknown-author');
  });

  it('refuses a wrap the relay altered, or one sealed for another device', async () => {
    const { alice, bob } = await afterRemoval();
    const flip = tamperingFetch(WRAPS_ROUTE, (b) => {
      const body = b as unknown as KeyWrapsResponse;
      return {
        wraps: body.wraps.map((w) => {
          const bytes = fromBase64Url(w.wrap);
          bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
          return { id: w.id, wrap: toBase64Url(bytes) };
        }),
      };
    });
    expect(await codeOf(refreshKeys(bob, undefined, { fetch: flip }))).toBe('decrypt-failed');
    // Bob's genuine wrap served to Alice does not open for her.
    const wraps = (await fetch(`${r.url}/v1/spaces/${bob.spaceId}/key-wraps/${toBase64Url(bob.device.signPublicKey)}?after=0`).then((res) =>
      res.json(),
    )) as KeyWrapsResponse;
    expect(await codeOf(refreshKeys(alice, undefined, { fetch: servingWrap(fromBase64Url(wraps.wraps[0]!.wrap)) }))).toBe('decrypt-failed');
  });
});
