/**
 * Which relay "Create a space" talks to: the `relay` query parameter if the page has one
 * (`/?relay=http://127.0.0.1:8787`), else the page's own origin (a relay serving this example).
 * Joining needs none: the invite link names its relay.
 *
 *   relayFromPage(new URL('http://localhost:5173/?relay=http://127.0.0.1:8787')); // 'http://127.0.0.1:8787'
 */

/** The default relay URL for this page, without a trailing slash. */
export function relayFromPage(page: URL): string {
  const given = page.searchParams.get('relay');
  return (given && given.trim() !== '' ? given.trim() : page.origin).replace(/\/+$/, '');
}

/** The relay URL typed by the person, checked; throws an Error with a plain message if it is not one. */
export function parseRelayUrl(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text.trim());
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new Error('The relay must be an http:// or https:// address, like http://127.0.0.1:8787.');
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
