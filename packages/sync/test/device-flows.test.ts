import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SecureBaseError, fromBase64Url, privateScope, toBase64Url, type DeviceLinkResponse } from '@securebase/protocol';
import { readyCrypto } from '@securebase/crypto';
import {
  PairingClient,
  createDeviceLinkCode,
  currentKey,
  deviceFingerprint,
  joinAsLinkedDevice,
  listDevices,
  parseDeviceLinkCode,
} from '@securebase/sync';
import { codeOf, eventually, linkDevice, pairedSpace, startPairingRelay, tamperingFetch, type PairingRelay } from './pairing-helpers.js';

let r: PairingRelay;

beforeAll(async () => {
  await readyCrypto();
  r = await startPairingRelay();
});

afterAll(async () => {
  await r.close();
});

const LINK_ROUTE = /^\/v1\/device-links\/[^/]+$/;

describe('linking a device against a real relay', () => {
  it('links a second device of the same partner; it converges with the partner', async () => {
    const { alice, bob } = await pairedSpace(r.url);
    const alice2 = await linkDevice(alice);
    expect(alice2.spaceId).toBe(alice.spaceId);
    expect(alice2.partnerId).toBe(alice.partnerId);
    expect(alice2.device.signPublicKey).not.toEqual(alice.device.signPublicKey);
    // The new device holds exactly what the linking device held: space keys and its partner's private key.
    expect(alice2.keys).toEqual(alice.keys);
    expect(currentKey(alice2, privateScope(alice.partnerId)).key).toEqual(currentKey(alice, privateScope(alice.partnerId)).key);

    const devices = await listDevices(alice2);
    expect(devices.map((d) => d.id)).toEqual([alice, bob, alice2].map((c) => deviceFingerprint(c.device.signPublicKey)));
    expect(devices.map((d) => [d.isMine, d.isThisDevice])).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);

    const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
    const providers = [alice, alice2, bob].map((creds, i) => r.provider(creds, docs[i]!));
    await Promise.all(providers.map((p) => p.provider.whenSynced()));
    docs.forEach((doc, i) => doc.getMap('m').set(`from-${i}`, i));
    await Promise.all(providers.map((p) => p.provider.flush()));
    for (const doc of docs) await eventually(() => expect(doc.getMap('m').toJSON()).toEqual({ 'from-0': 0, 'from-1': 1, 'from-2': 2 }));
    expect(providers.flatMap((p) => p.errors)).toEqual([]);
  });

  it('refuses a link code that was already used', async () => {
    const { alice } = await pairedSpace(r.url);
    const link = await createDeviceLinkCode(alice);
    const joined = joinAsLinkedDevice(link.code, { pollMs: 20 });
    await link.waitForRequest({ pollMs: 20 });
    // A second device arriving while the first waits for approval is refused too.
    expect(await codeOf(joinAsLinkedDevice(link.code, { pollMs: 20 }))).toBe('link-used');
    await link.approve();
    await joined;
    expect(await codeOf(joinAsLinkedDevice(link.code, { pollMs: 20 }))).toBe('link-used');
    expect(await codeOf(link.approve())).toBe('link-used');
  });

  it('refuses an expired link on both sides', async () => {
    const { alice } = await pairedSpace(r.url);
    const link = await createDeviceLinkCode(alice, { ttlMs: 60_000 });
    r.advance(61_000);
    try {
      expect(await codeOf(joinAsLinkedDevice(link.code, { pollMs: 20 }))).toBe('link-expired');
      expect(await codeOf(link.waitForRequest({ pollMs: 20 }))).toBe('link-expired');
    } finally {
      r.advance(-61_000);
    }
    // The relay will not even store a link that is already expired.
    expect(await codeOf(createDeviceLinkCode(alice, { now: Date.now() - 11 * 60_000 }))).toBe('link-expired');
  });

  it('refuses a link whose certificate the relay swapped for another link', async () => {
    const { alice } = await pairedSpace(r.url);
    const wanted = await createDeviceLinkCode(alice);
    const other = await createDeviceLinkCode(alice);
    const otherRecord = await new PairingClient(r.url).getDeviceLink(other.linkId);
    const swap = tamperingFetch(LINK_ROUTE, (b) => ({ ...b, certificate: toBase64Url(otherRecord.certificate) }));
    expect(await codeOf(joinAsLinkedDevice(wanted.code, { fetch: swap, pollMs: 20 }))).toBe('link-not-found');
  });

  it('refuses a request whose device key the relay substituted, and links nothing', async () => {
    const { alice } = await pairedSpace(r.url);
    const swapKey = tamperingFetch(LINK_ROUTE, (b) => {
      const body = b as unknown as DeviceLinkResponse;
      if (!body.request) return b;
      const request = fromBase64Url(body.request);
      // The new device's key follows version · spaceId · linkId; flip one of its bytes.
      const at = 1 + 16 + 16 + 3;
      request[at] = request[at]! ^ 1;
      return { ...b, request: toBase64Url(request) };
    });
    const link = await createDeviceLinkCode(alice, { fetch: swapKey });
    const stop = new AbortController();
    const joining = joinAsLinkedDevice(link.code, { pollMs: 20, signal: stop.signal });
    const refused = await link.waitForRequest({ pollMs: 20 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    stop.abort(new Error('test over'));
    await expect(joining).rejects.toThrow('test over');
    expect(refused).toBeInstanceOf(SecureBaseError);
    expect(await codeOf(link.approve())).toBe('invalid-request');
    expect(await listDevices(alice)).toHaveLength(2);
  });
});

describe('parseDeviceLinkCode', () => {
  const secret = toBase64Url(new Uint8Array(32).fill(9));

  it('splits relay URL and secret, and rejects anything else as link-not-found', () => {
    expect(parseDeviceLinkCode(` https://relay.example/base/#/link/${secret} `)).toEqual({ relayUrl: 'https://relay.example/base', secret });
    for (const code of ['', 'nope', `https://relay.example/#/join/${secret}`, `https://relay.example/#/link/${secret}x`, `ftp://r.example/#/link/${secret}`]) {
      let caught: unknown;
      try {
        parseDeviceLinkCode(code);
      } catch (err) {
        caught = err;
      }
      expect((caught as SecureBaseError).code, code).toBe('link-not-found');
    }
  });
});
