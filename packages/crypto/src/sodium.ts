/**
 * The one libsodium instance. `readyCrypto()` waits for the WebAssembly module once; every other
 * function in this package is synchronous and calls `sodiumReady()`, which throws if
 * `readyCrypto()` has not finished, so a forgotten await fails loudly instead of misbehaving.
 *
 *   await readyCrypto();
 *   const keys = generateDeviceKeys();
 */
import sodium from 'libsodium-wrappers-sumo';

let ready = false;

/** Initialise libsodium; await once at start-up before using any other function here. */
export async function readyCrypto(): Promise<void> {
  await sodium.ready;
  ready = true;
}

/** The initialised libsodium API; throws a plain Error before `readyCrypto()` resolved. */
export function sodiumReady(): typeof sodium {
  if (!ready) throw new Error('@securebase/crypto: await readyCrypto() before using crypto functions');
  return sodium;
}
