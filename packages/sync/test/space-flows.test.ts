import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPACE_SCOPE, SecureBaseError, fromBase64Url, privateScope, toBase64Url, type InviteResponse, type MembershipResponse } from '@securebase/protocol';
import { isMemberDevice, readyCrypto } from '@securebase/crypto';
import { startRelay, type RunningRelay } from '@securebase/relay';
import {
  SpaceClient,
  createDeviceLinkCode,
  createInviteLink,
  currentKey,
  joinAsLinkedDevice,
  removeDevice,
  createSpace,
  fetchVerifiedMembership,
  joinSpace,
  parseInviteLink,
} from '@securebase/sync';
import { verifyMembershipFor } from '@securebase/sync/testing';

let relay: RunningRelay;
let dataDir: string;

beforeAll(async () => {
  await readyCrypto();
  dataDir = mkdtempSync(join(tmpdir(), 'securebase-flows-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
});

afterAll(async () => {
  await relay.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecureBaseError);
  return (err as SecureBaseError).code;
}

/** A fetch that lets a test play a malicious relay by rewriting one JSON response. */
function tamperingFetch(route: RegExp, rewrite: (body: Record<string, unknown>) => Record<string, unknown>): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!route.test(new URL(url).pathname) || !res.ok) return res;
    const body = (await res.json()) as Record<string, unknown>;
    return new Response(JSON.stringify(rewrite(body)), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
}

function flipFirstByte(text: string): string {
  const bytes = fromBase64Url(text);
  bytes[0] = bytes[0]! ^ 1;
  return toBase64Url(bytes);
}

describe('space flows against a real relay', () => {
  it('creates a space, invites, joins, and both see the verified membership', async () => {
    const alice = await createSpace(relay.url);
    const { link, inviteId, expiresAt } = await createInviteLink(alice, { ttlMs: 60_000 });
    expect(link.startsWith(`${relay.url}/#/join/`)).toBe(true);
    expect(link).not.toContain(inviteId);
    expect(expiresAt).toBeGreaterThan(Date.now());

    const bob = await joinSpace(link);
    expect(bob.spaceId).toBe(alice.spaceId);
    expect(bob.relayUrl).toBe(alice.relayUrl);
    expect(bob.partnerId).not.toBe(alice.partnerId);
    // Both hold the space key; each holds only its own private key, drawn on its own device.
    expect(currentKey(bob, SPACE_SCOPE)).toEqual(currentKey(alice, SPACE_SCOPE));
    expect(alice.keys.map((k) => k.scope).sort()).toEqual([privateScope(alice.partnerId), SPACE_SCOPE]);
    expect(bob.keys.map((k) => k.scope).sort()).toEqual([privateScope(bob.partnerId), SPACE_SCOPE]);
    expect(currentKey(bob, privateScope(bob.partnerId)).key).not.toEqual(currentKey(alice, privateScope(alice.partnerId)).key);

    for (const creds of [alice, bob]) {
      const state = await fetchVerifiedMembership(creds);
      expect(state.partners).toHaveLength(2);
      expect(isMemberDevice(state, alice.device.signPublicKey)).toBe(true);
      expect(isMemberDevice(state, bob.device.signPublicKey)).toBe(true);
    }
    // Single use.
    expect(await codeOf(joinSpace(link))).toBe('invite-used');
  });

  it('refuses a third partner', async () => {
    const alice = await createSpace(relay.url);
    const first = await createInviteLink(alice);
    const second = await createInviteLink(alice);
    await joinSpace(first.link);
    expect(await codeOf(joinSpace(second.link))).toBe('space-full');
    // Once full, the relay will not even store a new invitation.
    expect(await codeOf(createInviteLink(alice))).toBe('space-full');
  });

  it('refuses an invitation made before a key rotation (it lacks the current key)', async () => {
    const alice = await createSpace(relay.url);
    const { link } = await createInviteLink(alice);
    const linking = await createDeviceLinkCode(alice);
    const joined = joinAsLinkedDevice(linking.code, { pollMs: 20 });
    await linking.waitForRequest({ pollMs: 20 });
    await linking.approve();
    const alice2 = await joined;
    const rotated = await removeDevice(alice, alice2.device.signPublicKey);
    expect(await codeOf(joinSpace(link))).toBe('stale-epoch');
    // A fresh invitation carries every space epoch, old and new.
    const bob = await joinSpace((await createInviteLink(rotated)).link);
    expect(bob.keys.filter((k) => k.scope === SPACE_SCOPE).map((k) => k.epoch)).toEqual([0, 1]);
  });

  it('refuses a link whose secret was altered', async () => {
    const alice = await createSpace(relay.url);
    const { link } = await createInviteLink(alice);
    const secret = fromBase64Url(parseInviteLink(link).secret);
    secret[5] = secret[5]! ^ 1;
    expect(await codeOf(joinSpace(`${relay.url}/#/join/${toBase64Url(secret)}`))).toBe('invite-not-found');
  });

  it('refuses an expired invitation before touching the chain', async () => {
    const alice = await createSpace(relay.url);
    const { link } = await createInviteLink(alice, { ttlMs: 1000 });
    expect(await codeOf(joinSpace(link, { now: Date.now() + 60_000 }))).toBe('invite-expired');
  });

  it('detects a relay that tampers with the invite payload, certificate or membership', async () => {
    const alice = await createSpace(relay.url);
    const payload = await createInviteLink(alice);
    const badPayload = tamperingFetch(/^\/v1\/invites\/[^/]+$/, (b) => ({ ...b, payload: flipFirstByte((b as unknown as InviteResponse).payload) }));
    expect(['decrypt-failed', 'invite-not-found']).toContain(await codeOf(joinSpace(payload.link, { fetch: badPayload })));

    const cert = await createInviteLink(alice);
    const other = await createInviteLink(alice);
    const otherCert = (await new SpaceClient(relay.url).getInvite(other.inviteId)).certificate;
    const swapCert = tamperingFetch(/^\/v1\/invites\/[^/]+$/, (b) => ({ ...b, certificate: toBase64Url(otherCert) }));
    expect(await codeOf(joinSpace(cert.link, { fetch: swapCert }))).toBe('invite-not-found');

    const stranger = await createSpace(relay.url);
    const strangerOps = (await new SpaceClient(relay.url).getMembership(stranger.spaceId)).map(toBase64Url);
    const chain: MembershipResponse = { ops: strangerOps };
    const swapChain = tamperingFetch(/\/membership$/, () => ({ ...chain }));
    expect(await codeOf(joinSpace(cert.link, { fetch: swapChain }))).toBe('invalid-membership');
    // None of the refused attempts used the invitation up.
    expect((await joinSpace(cert.link)).spaceId).toBe(alice.spaceId);
  });

  it('detects a rolled-back or forked membership chain against the head seen before', async () => {
    const alice = await createSpace(relay.url);
    await joinSpace((await createInviteLink(alice)).link);
    const ops = await new SpaceClient(relay.url).getMembership(alice.spaceId);
    const state = verifyMembershipFor(ops, alice.spaceId);
    expect(state.head.seq).toBe(1);
    expect(verifyMembershipFor(ops, alice.spaceId, { known: state.head }).head).toEqual(state.head);
    const verifyErr = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (err) {
        return (err as SecureBaseError).code;
      }
      return undefined;
    };
    expect(verifyErr(() => verifyMembershipFor(ops.slice(0, 1), alice.spaceId, { known: state.head }))).toBe('invalid-membership');
    const forkedHash = state.head.hash.slice();
    forkedHash[0] = forkedHash[0]! ^ 1;
    expect(verifyErr(() => verifyMembershipFor(ops, alice.spaceId, { known: { seq: 1, hash: forkedHash } }))).toBe('invalid-membership');
    expect(verifyErr(() => verifyMembershipFor(ops, 'AAAAAAAAAAAAAAAAAAAAAA'))).toBe('invalid-membership');
    const tamperedOp = ops[1]!.slice();
    tamperedOp[tamperedOp.length - 1] = tamperedOp[tamperedOp.length - 1]! ^ 1;
    expect(verifyErr(() => verifyMembershipFor([ops[0]!, tamperedOp], alice.spaceId))).toBe('invalid-membership');
  });

  it('reports relay errors by code and an unreachable relay as relay-unreachable', async () => {
    const client = new SpaceClient(relay.url);
    expect(await codeOf(client.getMembership('AAAAAAAAAAAAAAAAAAAAAA'))).toBe('unknown-space');
    expect(await codeOf(client.getInvite('AAAAAAAAAAAAAAAAAAAAAA'))).toBe('invite-not-found');
    const offline = new SpaceClient('http://127.0.0.1:9');
    const err = await offline.getMembership('AAAAAAAAAAAAAAAAAAAAAA').then(
      () => undefined,
      (e: unknown) => e as SecureBaseError,
    );
    expect(err?.code).toBe('relay-unreachable');
    expect(err?.message).toContain('relay unreachable at http://127.0.0.1:9');
  });
});

describe('parseInviteLink', () => {
  const secret = toBase64Url(new Uint8Array(32).fill(7));

  it('splits relay URL (with a path prefix) and secret', () => {
    expect(parseInviteLink(`https://relay.example/#/join/${secret}`)).toEqual({ relayUrl: 'https://relay.example', secret });
    expect(parseInviteLink(` https://relay.example/base/#/join/${secret} `).relayUrl).toBe('https://relay.example/base');
  });

  it('rejects anything malformed as invite-not-found', () => {
    const bad = [
      '',
      'not a url',
      `ftp://relay.example/#/join/${secret}`,
      'https://relay.example/',
      `https://relay.example/#/join/${secret}x`,
      `https://relay.example/#/join/${secret.slice(0, 42)}`,
      `https://relay.example/#/join/${secret.slice(0, 42)}B`, // non-canonical last char
      `https://relay.example/?x=1#/join/${secret}`,
      `https://relay.example/#/join/${secret}/extra`,
      `https://relay.example/#/welcome/${secret}`,
    ];
    for (const link of bad) {
      let caught: unknown;
      try {
        parseInviteLink(link);
      } catch (err) {
        caught = err;
      }
      expect(caught, link).toBeInstanceOf(SecureBaseError);
      expect((caught as SecureBaseError).code).toBe('invite-not-found');
      expect((caught as SecureBaseError).message).toContain('not a Secure Base invitation link');
    }
  });
});
