/**
 * Looking for distinctive "canary" strings in bytes the relay stored or printed: as UTF-8, as
 * UTF-16LE, and as base64 / base64url at any byte alignment, so an encoding step cannot hide a
 * leak from the check.
 *
 *   expect(canariesIn(await readFile(file), { note: 'Zqnotecompass1186' })).toEqual([]);
 */

/** Byte patterns under which a canary could be stored or logged. */
export function encodingsOf(canary: string): Array<{ how: string; bytes: Buffer }> {
  const utf8 = Buffer.from(canary, 'utf8');
  const out = [
    { how: 'utf8', bytes: utf8 },
    { how: 'utf16le', bytes: Buffer.from(canary, 'utf16le') },
  ];
  // Base64 of the canary inside a longer stream depends on its offset mod 3: cover all three,
  // dropping the edge characters that mix in neighbouring bytes.
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), utf8]).toString('base64');
    const inner = encoded.slice(offset === 0 ? 0 : Math.ceil((offset * 4) / 3) + 1, -3);
    out.push({ how: `base64+${offset}`, bytes: Buffer.from(inner, 'ascii') });
    out.push({ how: `base64url+${offset}`, bytes: Buffer.from(inner.replace(/\+/g, '-').replace(/\//g, '_'), 'ascii') });
  }
  return out;
}

/** Which canaries (by name) occur in `haystack`, and in which encoding. */
export function canariesIn(haystack: Buffer, canaries: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, canary] of Object.entries(canaries)) {
    for (const { how, bytes } of encodingsOf(canary)) if (haystack.includes(bytes)) found.push(`${name} as ${how}`);
  }
  return found;
}
