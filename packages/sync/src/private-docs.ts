/**
 * A partner's private document (`private-<partnerId>`): drafts, a private journal, private
 * boundary answers. It is sealed under the partner's private key scope, which only that
 * partner's devices hold, and the relay serves it only to them. Sharing an item means copying
 * it into the shared workbook (the model/app's job); the private copy stays here.
 *
 *   const provider = openPrivateDoc(creds, new Y.Doc(), { store });
 */
import type * as Y from 'yjs';
import { privateDocId, privateScope } from '@securebase/protocol';
import { currentKey, makeCredentials, type Credentials } from './credentials.js';
import { EncryptedProvider, type EncryptedProviderOptions } from './encrypted-provider.js';

/** Options of a private-document provider: those of EncryptedProvider, credentials given separately. */
export type PrivateDocOptions = Omit<EncryptedProviderOptions, 'credentials'>;

/** An EncryptedProvider on this partner's private document; throws 'unknown-epoch' without a private key. */
export function openPrivateDoc(creds: Credentials, doc: Y.Doc, opts: PrivateDocOptions = {}): EncryptedProvider {
  const scope = privateScope(creds.partnerId);
  currentKey(creds, scope);
  // The epoch view is switched to the private scope for providers that still read `epochKeys`.
  const credentials = makeCredentials(creds, scope);
  return new EncryptedProvider(creds.relayUrl, privateDocId(creds.partnerId), doc, { ...opts, credentials });
}
