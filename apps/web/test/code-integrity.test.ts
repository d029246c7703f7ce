/**
 * The verdict on a waiting web-app version (shell/code-integrity.ts `judgeUpdate`), over real
 * signed manifests: only a valid signature by the pinned key over exactly the served files passes.
 *
 *   npx vitest run apps/web/test/code-integrity.test.ts
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { generateReleaseKey, hashReleaseFile, readyCrypto, signReleaseManifest, type ReleaseKeyPair } from '@securebase/crypto';
import { encodeReleaseManifestJson, toBase64Url, type ReleaseBody } from '@securebase/protocol';
import { judgeUpdate, pinOf, type ReleasePin } from '../src/shell/code-integrity.js';

const encoder = new TextEncoder();
let publisher: ReleaseKeyPair;
let other: ReleaseKeyPair;
let served: Map<string, Uint8Array>;
let body: ReleaseBody;
let pin: ReleasePin;

beforeAll(async () => {
  await readyCrypto();
  publisher = generateReleaseKey();
  other = generateReleaseKey();
  served = new Map([
    ['/index.html', encoder.encode('<!doctype html>')],
    ['/assets/index-a.js', encoder.encode('console.log(1)')],
    ['/sw.js', encoder.encode('self.__SB_VERSION__ = "2";')],
  ]);
  body = { version: '0.2.0', commit: 'abc', files: [...served].map(([path, bytes]) => ({ path, sha256: hashReleaseFile(bytes) })) };
  pin = { kind: 'key', key: toBase64Url(publisher.publicKey) };
});

const signedBy = (key: ReleaseKeyPair, b: ReleaseBody = body) => encodeReleaseManifestJson(signReleaseManifest(b, key));

describe('judgeUpdate', () => {
  it('accepts the same publisher over exactly the served files', () => {
    expect(judgeUpdate(signedBy(publisher), served, pin)).toEqual({ ok: true, version: '0.2.0', pin });
  });

  it('warns on an unsigned version, and offers to pin "unsigned"', () => {
    const verdict = judgeUpdate(encodeReleaseManifestJson({ ...body, signature: undefined }), served, pin);
    expect(verdict).toMatchObject({ ok: false, problem: 'unsigned', version: '0.2.0', pin: { kind: 'unsigned' } });
    // A browser pinned to "unsigned" still warns: nothing vouches for the new code.
    expect(judgeUpdate(encodeReleaseManifestJson({ ...body, signature: undefined }), served, { kind: 'unsigned' })).toMatchObject({ ok: false, problem: 'unsigned' });
  });

  it('warns on another key, and offers to re-pin to it', () => {
    expect(judgeUpdate(signedBy(other), served, pin)).toMatchObject({ ok: false, problem: 'other-key', pin: { kind: 'key', key: toBase64Url(other.publicKey) } });
    expect(judgeUpdate(signedBy(publisher), served, { kind: 'unsigned' })).toMatchObject({ ok: false, problem: 'other-key' });
    expect(judgeUpdate(signedBy(publisher), served, undefined)).toMatchObject({ ok: false, problem: 'other-key' });
  });

  it('warns when a served file differs from the signed list, naming it', () => {
    const changed = new Map(served);
    changed.set('/assets/index-a.js', encoder.encode('globalThis.__operator = 1'));
    expect(judgeUpdate(signedBy(publisher), changed, pin)).toMatchObject({ ok: false, problem: 'files-differ', detail: '/assets/index-a.js' });
    const extra = new Map(served);
    extra.set('/assets/extra.js', encoder.encode('x'));
    expect(judgeUpdate(signedBy(publisher), extra, pin)).toMatchObject({ ok: false, problem: 'files-differ', detail: '/assets/extra.js' });
  });

  it('warns on a signature that does not cover the contents', () => {
    const json = JSON.parse(signedBy(publisher)) as { version: string };
    json.version = '9.9.9';
    expect(judgeUpdate(JSON.stringify(json), served, pin)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  it('warns on a manifest that cannot be read', () => {
    expect(judgeUpdate('<html>', served, pin)).toMatchObject({ ok: false, problem: 'unreadable', version: undefined, pin: undefined });
  });

  it('pins what a manifest is signed with', () => {
    expect(pinOf(signReleaseManifest(body, publisher))).toEqual(pin);
    expect(pinOf({ ...body, signature: undefined })).toEqual({ kind: 'unsigned' });
  });
});
