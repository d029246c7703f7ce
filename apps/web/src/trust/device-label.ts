/**
 * How a device's short id reads on screen: its 12 characters in three groups of four, so two
 * people can compare it aloud ("q1W0 yHk3 xP9a"). Both sides of a device link show it this way.
 *
 *   groupFingerprint('q1W0yHk3xP9a'); // 'q1W0 yHk3 xP9a'
 */

/** The fingerprint in groups of four characters. */
export function groupFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,4}/g) ?? []).join(' ');
}

/** A calm date for "added on …", as people of this language write it. */
export function addedOn(ms: number, language: string): string {
  return new Date(ms).toLocaleDateString(language, { year: 'numeric', month: 'long', day: 'numeric' });
}
