/**
 * Fixed byte lengths on the wire. The protocol package does no crypto, but it fixes how long
 * each key, nonce, hash and signature is so decoders can reject anything else at the boundary.
 *
 *   if (deviceKey.length !== PUBLIC_KEY_BYTES) ...
 */

/** Ed25519 / X25519 public key. */
export const PUBLIC_KEY_BYTES = 32;
/** Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** XChaCha20-Poly1305 nonce inside an envelope. */
export const ENVELOPE_NONCE_BYTES = 24;
/** Key-commitment tag inside an envelope (BLAKE2b-256). */
export const COMMITMENT_BYTES = 32;
/** Random nonce the relay sends in `challenge`. */
export const CHALLENGE_NONCE_BYTES = 32;
/** BLAKE2b-256 hash (membership `prevHash`). */
export const HASH_BYTES = 32;
/** A space key (per epoch). */
export const SPACE_KEY_BYTES = 32;
/** Longest encoded envelope header we accept (the real maximum is about 140 bytes). */
export const MAX_ENVELOPE_HEADER_BYTES = 256;
/** Longest `detail` text in an `error` frame, in UTF-8 bytes. */
export const MAX_ERROR_DETAIL_BYTES = 1024;
