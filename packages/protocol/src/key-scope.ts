/**
 * Key scopes: which key a document is encrypted under. `space` is the shared workbook's key;
 * `private:<partnerId>` is one partner's private-document key, held only by that partner's
 * devices. On the wire a scope is `varUint(0)` (space) or `varUint(1) · id16(partnerId)`.
 *
 *   scopeForDoc('shared');                 // 'space'
 *   scopeForDoc(privateDocId(partnerId));  // `private:${partnerId}`
 */
import { isValidPartnerId } from './ids.js';
import { malformed, readRandomId, readVarUintStrict, type Decoder } from './wire-decoding.js';
import { writeRandomId, writeVarUintChecked, type Encoder } from './wire-encoding.js';

/** A key scope: 'space' or `private:${partnerId}`. */
export type KeyScope = string;

/** The scope of the shared workbook (and every non-private document). */
export const SPACE_SCOPE = 'space';

const PRIVATE_SCOPE_PREFIX = 'private:';
const PRIVATE_DOC_PREFIX = 'private-';

/** The private scope of one partner. */
export function privateScope(partnerId: string): KeyScope {
  if (!isValidPartnerId(partnerId)) throw new RangeError('privateScope: invalid partnerId');
  return `${PRIVATE_SCOPE_PREFIX}${partnerId}`;
}

/** The document id of one partner's private document. */
export function privateDocId(partnerId: string): string {
  if (!isValidPartnerId(partnerId)) throw new RangeError('privateDocId: invalid partnerId');
  return `${PRIVATE_DOC_PREFIX}${partnerId}`;
}

/** The partner whose private document this is, or undefined for any other document id. */
export function partnerOfPrivateDoc(docId: string): string | undefined {
  if (!docId.startsWith(PRIVATE_DOC_PREFIX)) return undefined;
  const partnerId = docId.slice(PRIVATE_DOC_PREFIX.length);
  return isValidPartnerId(partnerId) ? partnerId : undefined;
}

/** The partner a private scope belongs to, or undefined for 'space' or an invalid scope. */
export function partnerOfScope(scope: string): string | undefined {
  if (!scope.startsWith(PRIVATE_SCOPE_PREFIX)) return undefined;
  const partnerId = scope.slice(PRIVATE_SCOPE_PREFIX.length);
  return isValidPartnerId(partnerId) ? partnerId : undefined;
}

/** True if `value` is 'space' or `private:<valid partnerId>`. */
export function isValidKeyScope(value: unknown): value is KeyScope {
  return typeof value === 'string' && (value === SPACE_SCOPE || partnerOfScope(value) !== undefined);
}

/**
 * The key scope a document is sealed under: `private-<partnerId>` → that partner's private
 * scope; 'shared' and every other document → 'space'. The relay forbids ids that start with
 * `private-` but name no valid partner, so they never reach this far (see PROTOCOL.md).
 */
export function scopeForDoc(docId: string): KeyScope {
  const partnerId = partnerOfPrivateDoc(docId);
  return partnerId === undefined ? SPACE_SCOPE : privateScope(partnerId);
}

/** True for ids in the reserved `private-` namespace that do not name a valid partner. */
export function isMalformedPrivateDocId(docId: string): boolean {
  return docId.startsWith(PRIVATE_DOC_PREFIX) && partnerOfPrivateDoc(docId) === undefined;
}

/** Write a scope: varUint(0) for space, varUint(1) · id16(partnerId) for a private scope. */
export function writeKeyScope(e: Encoder, scope: KeyScope): void {
  if (scope === SPACE_SCOPE) {
    writeVarUintChecked(e, 0, 'scope');
    return;
  }
  const partnerId = partnerOfScope(scope);
  if (partnerId === undefined) throw new RangeError('scope: not a valid key scope');
  writeVarUintChecked(e, 1, 'scope');
  writeRandomId(e, partnerId, 'scope partnerId');
}

/** Read a scope written by writeKeyScope. */
export function readKeyScope(d: Decoder): KeyScope {
  const tag = readVarUintStrict(d, 'scope');
  if (tag === 0) return SPACE_SCOPE;
  if (tag === 1) return `${PRIVATE_SCOPE_PREFIX}${readRandomId(d, 'scope partnerId')}`;
  throw malformed(`scope: unknown value ${tag}`);
}
