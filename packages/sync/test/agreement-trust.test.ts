/**
 * The agreement-signature trust rule shared by the web app, CLI and extension: a signature
 * counts only when it verifies and its device belongs to that partner in the verified chain.
 */
import { toBase64Url } from '@securebase/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { generateDeviceKeys, readyCrypto, signAgreement, type DeviceKeys, type MembershipState } from '@securebase/crypto';
import { Workbook, agreementCanonicalBytes, signatureStatus } from '@securebase/model';
import { agreementVerifier, unknownSigningKeys } from '@securebase/sync';

const MAYA = 'maya-partner-id';
const JONAH = 'jonah-partner-id';
let maya: DeviceKeys;
let jonah: DeviceKeys;

beforeAll(async () => {
  await readyCrypto();
  maya = generateDeviceKeys();
  jonah = generateDeviceKeys();
});

/** Only the part of a verified membership the rule reads: which device belongs to whom. */
function membership(devices: [DeviceKeys, string][]): MembershipState {
  return { devices: devices.map(([d, partnerId]) => ({ deviceKey: d.signPublicKey, partnerId })) } as unknown as MembershipState;
}

function signedBy(device: DeviceKeys, as: string): Workbook {
  const wb = new Workbook(new Y.Doc());
  const a = wb.agreements.add({ kind: 'time-out' }, MAYA);
  const canonical = agreementCanonicalBytes(a);
  wb.agreements.sign(a.id, as, { revision: a.revision, deviceKey: toBase64Url(device.signPublicKey), signature: toBase64Url(signAgreement(device, canonical)), contentHash: 'AA' });
  return wb;
}

describe('agreementVerifier', () => {
  it('counts a signature only from a device the chain gives to that partner', () => {
    const wb = signedBy(maya, MAYA);
    const a = wb.agreements.list()[0]!;
    const state = (m: Parameters<typeof agreementVerifier>[0]) => signatureStatus(a, agreementVerifier(m)).map((s) => s.state);
    expect(state(membership([[maya, MAYA], [jonah, JONAH]]))).toEqual(['signed']);
    // Jonah's device signing "as Maya" is not Maya's affirmation.
    expect(state(membership([[maya, JONAH]]))).toEqual(['void']);
    expect(state(membership([[jonah, JONAH]]))).toEqual(['void']);
    // Still loading: nothing counts yet. Offline: signatures alone (the screen says so).
    expect(state(undefined)).toEqual(['void']);
    expect(state('unavailable')).toEqual(['signed']);
  });

  it('refuses a signature that does not verify, whatever the chain says', () => {
    const wb = signedBy(jonah, MAYA);
    const a = wb.agreements.list()[0]!;
    // Signed by Jonah's key but stored with Maya's key: verification fails.
    const forged = { ...a, signatures: { [MAYA]: { ...a.signatures[MAYA]!, deviceKey: toBase64Url(maya.signPublicKey) } } };
    expect(signatureStatus(forged, agreementVerifier(membership([[maya, MAYA]]))).map((s) => s.state)).toEqual(['void']);
  });

  it('names signing keys the chain does not know yet (a reason to refetch)', () => {
    expect(unknownSigningKeys(membership([[maya, MAYA]]), [toBase64Url(maya.signPublicKey), toBase64Url(jonah.signPublicKey)])).toEqual([toBase64Url(jonah.signPublicKey)]);
  });
});
