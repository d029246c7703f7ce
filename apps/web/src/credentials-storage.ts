/**
 * Where this browser keeps its space credentials (device keys, space keys, ids): one key in the
 * IndexedDB state store, encoded with the sync package's own codec.
 *
 *   const creds = await loadCredentials(store); // undefined before creating or joining
 *   await saveCredentials(store, creds);
 */
import { decodeCredentials, encodeCredentials, type Credentials, type LocalStateStore } from '@securebase/sync';

/** Namespaced so it cannot collide with the provider's own keys in the same store. */
let credentialsKey = 'web/credentials';

/** Read and write the credentials under another key (the extension's pinned app: its own linked device's). */
export function configureCredentialsKey(key: string): void {
  credentialsKey = key;
}

/** This browser's credentials, or undefined if it has not created or joined a space yet. */
export async function loadCredentials(store: LocalStateStore): Promise<Credentials | undefined> {
  const bytes = await store.get(credentialsKey);
  return bytes ? decodeCredentials(bytes) : undefined;
}

/** Persist credentials; a browser holds one space, so this is called once per browser. */
export async function saveCredentials(store: LocalStateStore, credentials: Credentials): Promise<void> {
  await store.set(credentialsKey, encodeCredentials(credentials));
}
