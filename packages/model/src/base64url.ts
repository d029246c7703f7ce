/**
 * Unpadded base64url for the few binary values the workbook stores as text (signatures,
 * commitments, salts, item ids). The model has no dependency that provides it, and it is small.
 *
 *   const text = toBase64url(bytes);
 *   fromBase64url(text); // bytes again, or undefined for malformed text
 */

/** Bytes → unpadded base64url. */
export function toBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Unpadded base64url → bytes; undefined when the text is not base64url. */
export function fromBase64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
