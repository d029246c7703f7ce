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
  // Plain indexed loops, no closure or iterator: this runs several times for every entry opened.
  let length = 0;
  for (let i = 0; i < parts.length; i++) length += parts[i]!.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
