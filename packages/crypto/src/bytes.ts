/**
 * Small byte helpers used to build the exact messages that get signed, hashed or encrypted.
 * (Byte equality is bytesEqual in @securebase/protocol, shared with every other package.)
 *
 *   const message = concatBytes(utf8('securebase/auth/v1'), body);
 */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (context strings are ASCII). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Concatenate byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
