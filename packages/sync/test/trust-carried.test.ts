/**
 * A verification carried to a newly linked device (issue 11, finding 10): the owner's mark,
 * read from their private document, makes the partner verified on a device that never compared
 * numbers itself, but only for the identity it was made for; a mark for someone else reads as a
 * changed partner, and is acted on once.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStateStore, TrustStore } from '@securebase/sync';

const partner = new Uint8Array(32).fill(7);
const someoneElse = new Uint8Array(32).fill(9);

describe('TrustStore.adoptCarried', () => {
  it('marks the partner verified here when the carried mark is for their current identity', async () => {
    const trust = new TrustStore(new MemoryStateStore(), 'space');
    expect(await trust.status(partner)).toBe('unverified');
    expect(await trust.adoptCarried(partner, partner)).toBe('verified');
    expect(await trust.status(partner)).toBe('verified');
  });

  it('a mark made for another identity says the partner changed, and only once', async () => {
    const trust = new TrustStore(new MemoryStateStore(), 'space');
    expect(await trust.adoptCarried(someoneElse, partner)).toBe('changed');
    expect(await trust.status(partner)).toBe('changed');
    await trust.acknowledgeChange();
    // The same carried mark again (every sync of the private document) changes nothing.
    expect(await trust.adoptCarried(someoneElse, partner)).toBe('unverified');
  });

  it('never undoes this device’s own verification of the current partner', async () => {
    const trust = new TrustStore(new MemoryStateStore(), 'space');
    await trust.markVerified(partner);
    expect(await trust.adoptCarried(someoneElse, partner)).toBe('verified');
    expect(await trust.status(partner)).toBe('verified');
  });
});
