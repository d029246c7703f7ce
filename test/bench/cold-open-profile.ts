/**
 * Where the time of a cold open from the relay goes (issue 15): the same relay form as
 * cold-open.ts (a snapshot plus 1,000 update envelopes from one device), opened stage by stage,
 * each stage timed on its own (median of `runs`). It shows the floor: what is left once every
 * check the integrity table requires is counted (each entry decrypted and its key commitment
 * checked, its hash taken for the chain and the log hash, one signature per device chain), and
 * how much of it is Yjs, which plain Yjs pays too.
 *
 *   const profile = await profileColdOpenRelay({ runs: 7 });
 *   profile.stages;          // [{ name, ms, perEntryUs }]
 *   profile.floorRatio;      // (Yjs + required crypto) / Yjs
 */
import { decodeSnapshotPayload, decodeUpdatePayload } from '@securebase/protocol';
import { foldLogHashOfDigest, hashBytes, openEnvelope, openEnvelopeChain, readyCrypto, verifyEnvelopeSignature } from '@securebase/crypto';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { openPlainRelayForm, sealRelayForm, typeTrace } from './cold-open.js';
import { median, now } from './stats.js';

export interface ProfileStage {
  name: string;
  ms: number;
  /** Per trailing entry, for the per-entry stages. */
  perEntryUs: number | undefined;
}

export interface ColdOpenProfile {
  entries: number;
  stages: ProfileStage[];
  /** Plain Yjs: the snapshot state and the 1,000 updates applied (the baseline). */
  yjsMs: number;
  /** Every required check, summed: snapshot open, the chain open (hash, commitment, AEAD, one signature), log-hash fold. */
  cryptoMs: number;
  /** (yjsMs + cryptoMs) / yjsMs: the ratio no open that keeps every check can beat with these primitives. */
  floorRatio: number;
  /** Ed25519 verification of one envelope (what each entry cost before chaining). */
  signatureUs: number;
}

const timeIt = (runs: number, body: () => void): number => {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    body();
    times.push(now() - t);
  }
  return median(times);
};

export async function profileColdOpenRelay(opts: { runs: number }): Promise<ColdOpenProfile> {
  await readyCrypto();
  const typed = typeTrace();
  const stored = sealRelayForm(typed);
  const envelopes = stored.updates.map((u) => u.envelope);
  const entries = envelopes.length;
  const ctx = { spaceId: stored.spaceId, docId: SHARED_DOC_ID, keyForEpoch: (e: number) => (e === 0 ? stored.key : undefined) };
  const readPrev = (o: { plaintext: Uint8Array }) => ({ prev: decodeUpdatePayload(o.plaintext).prev, read: undefined });
  // Inputs of the later stages, made once, outside the timings.
  const plaintexts = envelopes.map((envelope) => {
    const opened = openEnvelope(envelope, ctx);
    if (!opened.ok) throw opened.error;
    return opened.value.plaintext;
  });
  const digests = envelopes.map((envelope) => hashBytes(envelope));
  const newest = envelopes.at(-1)!;

  const yjsMs = timeIt(opts.runs, () => openPlainRelayForm(typed));
  const snapshotMs = timeIt(opts.runs, () => {
    const opened = openEnvelope(stored.snapshot.envelope, ctx);
    if (!opened.ok) throw opened.error;
    decodeSnapshotPayload(opened.value.plaintext);
  });
  const chainMs = timeIt(opts.runs, () => {
    const opened = openEnvelopeChain(envelopes, ctx, readPrev);
    if (!opened.every((r) => r.ok && r.value.authenticity === (r === opened.at(-1) ? 'signature' : 'vouched'))) throw new Error('profile: the chain did not open as one device chain');
  });
  const hashMs = timeIt(opts.runs, () => envelopes.forEach((envelope) => hashBytes(envelope)));
  const decodeMs = timeIt(opts.runs, () => plaintexts.forEach((plaintext) => decodeUpdatePayload(plaintext)));
  const foldMs = timeIt(opts.runs, () => {
    let h: Uint8Array = new Uint8Array(32);
    digests.forEach((digest, i) => {
      h = foldLogHashOfDigest(h, i + 1, digest);
    });
  });
  const signatureUs = (timeIt(opts.runs, () => {
    for (let i = 0; i < 100; i++) if (!verifyEnvelopeSignature(newest).ok) throw new Error('profile: signature');
  }) / 100) * 1000;
  // What the chain open spends besides hashing, decoding and its one signature: the per-entry
  // envelope decode, key-commitment check and XChaCha20-Poly1305 decryption.
  const openMs = Math.max(0, chainMs - hashMs - decodeMs - signatureUs / 1000);
  const per = (ms: number): number => Math.round((ms / entries) * 1000 * 10) / 10;
  const round2 = (v: number): number => Math.round(v * 100) / 100;
  const cryptoMs = snapshotMs + chainMs + foldMs;
  return {
    entries,
    yjsMs: round2(yjsMs),
    cryptoMs: round2(cryptoMs),
    floorRatio: round2((yjsMs + cryptoMs) / yjsMs),
    signatureUs: Math.round(signatureUs),
    stages: [
      { name: 'Yjs: apply snapshot state + updates (plain Yjs does this too)', ms: round2(yjsMs), perEntryUs: undefined },
      { name: 'snapshot: decrypt, signature, decode', ms: round2(snapshotMs), perEntryUs: undefined },
      { name: 'chain open, all entries (below, and one signature)', ms: round2(chainMs), perEntryUs: per(chainMs) },
      { name: '  BLAKE2b of each envelope (chain + log hash)', ms: round2(hashMs), perEntryUs: per(hashMs) },
      { name: '  envelope decode + key commitment + XChaCha20-Poly1305', ms: round2(openMs), perEntryUs: per(openMs) },
      { name: '  update payload decode', ms: round2(decodeMs), perEntryUs: per(decodeMs) },
      { name: 'log-hash fold', ms: round2(foldMs), perEntryUs: per(foldMs) },
    ],
  };
}
