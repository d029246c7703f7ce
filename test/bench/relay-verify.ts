/**
 * What checking every envelope's signature costs the relay, against the work an ack already
 * waits for: the relay's SQLite commit (WAL, synchronous=FULL) of the same envelopes, in the same
 * run. Both are timed in this process on the same envelopes (a typical merged keystroke burst,
 * and a 4 KiB paste), so the ratio says how much of a push the check adds.
 *
 *   const figures = await benchRelayVerify();
 *   figures.small.verifyUs;       // µs per envelope
 *   figures.small.ratioToCommit;  // verify time / commit time
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGenesisOp, generateDeviceKeys, generateSpaceKey, randomBytes, randomId, readyCrypto, sealEnvelope, verifyEnvelopeSignature } from '@securebase/crypto';
import { openSqliteStorage } from '@securebase/relay';
import { median, now, round } from './stats.js';

export interface VerifyFigures {
  envelopeBytes: number;
  /** Median µs per signature check. */
  verifyUs: number;
  /** Median µs per relay commit of one update (transaction + fsync). */
  commitUs: number;
  ratioToCommit: number;
}

const ROUNDS = 5;

function sealMany(count: number, plaintextBytes: number): { spaceId: string; partnerId: string; genesis: Uint8Array; author: Uint8Array; envelopes: Uint8Array[] } {
  const device = generateDeviceKeys();
  const spaceId = randomId();
  const partnerId = randomId();
  const epochKey = generateSpaceKey();
  const envelopes = Array.from({ length: count }, (_, i) =>
    sealEnvelope({
      header: { spaceId, docId: 'shared', epoch: 0, author: device.signPublicKey, clock: i + 1, kind: 'update' },
      plaintext: randomBytes(plaintextBytes),
      epochKey,
      device,
    }),
  );
  return { spaceId, partnerId, genesis: createGenesisOp({ spaceId, partnerId, device, now: Date.now() }), author: device.signPublicKey, envelopes };
}

async function measure(plaintextBytes: number): Promise<VerifyFigures> {
  const perRound = 400;
  const verifyRuns: number[] = [];
  const commitRuns: number[] = [];
  let envelopeBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const set = sealMany(perRound, plaintextBytes);
    envelopeBytes = set.envelopes[0]?.byteLength ?? 0;
    let start = now();
    for (const envelope of set.envelopes) {
      if (!verifyEnvelopeSignature(envelope).ok) throw new Error('bench envelope failed to verify');
    }
    verifyRuns.push(((now() - start) * 1000) / perRound);
    const dir = mkdtempSync(join(tmpdir(), 'securebase-verify-bench-'));
    const storage = openSqliteStorage(dir);
    try {
      storage.createSpace(set.spaceId, set.genesis, Date.now());
      start = now();
      for (const [i, envelope] of set.envelopes.entries()) {
        const result = storage.appendUpdate({ spaceId: set.spaceId, docId: 'shared', author: set.author, partnerId: set.partnerId, clock: i + 1, envelope, partnerQuotaBytes: Number.MAX_SAFE_INTEGER, maxDocuments: 8 });
        if (result.status !== 'committed') throw new Error(`bench commit failed: ${result.status}`);
      }
      commitRuns.push(((now() - start) * 1000) / perRound);
    } finally {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const verifyUs = median(verifyRuns);
  const commitUs = median(commitRuns);
  return { envelopeBytes, verifyUs: round(verifyUs, 1), commitUs: round(commitUs, 1), ratioToCommit: round(verifyUs / commitUs, 3) };
}

/** Signature check versus commit, for a small update and a 4 KiB one. */
export async function benchRelayVerify(): Promise<{ small: VerifyFigures; large: VerifyFigures }> {
  await readyCrypto();
  return { small: await measure(200), large: await measure(4096) };
}
