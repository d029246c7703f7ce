/**
 * Fetch what a browser loads from a relay's web app: `/` and `/index.html`, every script, style,
 * module preload, icon and web manifest they reference, `/sw.js` and everything it precaches,
 * the icons the web manifest names, `url(…)`s in styles, and then every file the release
 * manifest lists that was not reached that way. Same-origin only: the relay's CSP lets the app
 * load nothing from elsewhere. Bounded in files and bytes, since the server may be hostile.
 *
 *   const served = await fetchServedWebApp('https://relay.example', { fetch: boundedFetch(ctx), listed });
 *   served.files.get('/sw.js'); // the bytes the relay served
 */

/** At most this many files are fetched (the app has about a dozen). */
export const MAX_FETCHED_FILES = 512;
/** At most this many bytes per file (the largest bundle is about 1.2 MB). */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

/** A file a server answered, or the status it answered instead. */
export type FetchedFile = { ok: true; bytes: Uint8Array } | { ok: false; status: number };

export interface ServedWebApp {
  /** URL path → the bytes served with status 200 (a path the server refused is absent). */
  files: Map<string, Uint8Array>;
}

const decoder = new TextDecoder();

/** Read a response body, refusing more than `cap` bytes. */
export async function readCapped(res: Response, cap = MAX_FILE_BYTES): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > cap) {
      await reader.cancel();
      throw new Error(`a file is larger than ${cap} bytes`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Same-origin URL paths referenced by `text` (as served at `fromPath`), of the given kind. */
export function referencedPaths(kind: 'html' | 'css' | 'sw' | 'webmanifest', text: string, origin: string, fromPath: string): string[] {
  const refs: string[] = [];
  if (kind === 'html') {
    for (const tag of text.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
      for (const attr of tag[0].matchAll(/\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) refs.push(attr[1] ?? attr[2] ?? attr[3] ?? '');
    }
  } else if (kind === 'css') {
    for (const match of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi)) refs.push(match[1] ?? match[2] ?? match[3] ?? '');
  } else if (kind === 'sw') {
    const list = /self\.__SB_PRECACHE__\s*=\s*(\[[^\]]*\])/.exec(text)?.[1];
    refs.push(...jsonStrings(list, (json) => (Array.isArray(json) ? json : [])));
  } else {
    refs.push(...jsonStrings(text, (json) => (isIconList(json) ? json.icons.map((icon) => icon.src) : [])));
  }
  const base = new URL(fromPath, origin);
  const paths: string[] = [];
  for (const ref of refs) {
    if (ref === '' || ref.startsWith('data:')) continue;
    let url: URL;
    try {
      url = new URL(ref, base);
    } catch (err) {
      // reason: a reference that is not a URL loads nothing in a browser either.
      if (err instanceof TypeError) continue;
      throw err;
    }
    if (url.origin === origin) paths.push(url.pathname);
  }
  return paths;
}

function isIconList(json: unknown): json is { icons: { src: string }[] } {
  if (typeof json !== 'object' || json === null || !('icons' in json) || !Array.isArray(json.icons)) return false;
  return json.icons.every((icon: unknown) => typeof icon === 'object' && icon !== null && 'src' in icon && typeof icon.src === 'string');
}

function jsonStrings(text: string | undefined, pick: (json: unknown) => unknown[]): string[] {
  if (text === undefined) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // reason: a file that is not the JSON we expect references nothing we can follow; its own hash still gets checked.
    if (err instanceof SyntaxError) return [];
    throw err;
  }
  return pick(json).filter((value): value is string => typeof value === 'string');
}

function kindOf(path: string): 'html' | 'css' | 'sw' | 'webmanifest' | undefined {
  if (path.endsWith('/') || path.endsWith('.html')) return 'html';
  if (path.endsWith('.css')) return 'css';
  if (path === '/sw.js') return 'sw';
  if (path.endsWith('.webmanifest')) return 'webmanifest';
  return undefined;
}

/**
 * Fetch the web app at `origin` as a browser would, plus every path in `listed`. `get` fetches
 * one path (so the caller decides timeouts and how unreachable servers are reported).
 */
export async function fetchServedWebApp(origin: string, get: (path: string) => Promise<FetchedFile>, listed: readonly string[]): Promise<ServedWebApp> {
  const files = new Map<string, Uint8Array>();
  const queued = new Set<string>();
  const queue: string[] = [];
  const enqueue = (path: string): void => {
    if (queued.has(path)) return;
    if (queued.size >= MAX_FETCHED_FILES) throw new Error(`the web app references more than ${MAX_FETCHED_FILES} files`);
    queued.add(path);
    queue.push(path);
  };
  ['/', '/index.html', '/sw.js'].forEach(enqueue);
  let listedQueued = false;
  for (;;) {
    const next = queue.shift();
    if (next === undefined) {
      // The browser's own view is complete: now whatever the manifest lists beyond it.
      if (listedQueued) break;
      listedQueued = true;
      listed.forEach(enqueue);
      continue;
    }
    const fetched = await get(next);
    if (!fetched.ok) continue;
    files.set(next, fetched.bytes);
    const kind = kindOf(next);
    if (kind) referencedPaths(kind, decoder.decode(fetched.bytes), origin, next).forEach(enqueue);
  }
  return { files };
}
