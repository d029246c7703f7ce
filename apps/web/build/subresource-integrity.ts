/**
 * Vite plugin: Subresource Integrity on every script, style and module preload that the built
 * index.html loads (`integrity="sha384-…" crossorigin`), so a browser refuses a bundle that is not
 * the one this index.html was built with, even from its own cache. It also fails the build when
 * index.html holds an inline script or style: the relay's CSP (`script-src 'self'`, `style-src
 * 'self'`) would block it, and an inline script could carry no integrity anyway.
 *
 *   plugins: [subresourceIntegrity()]   // apps/web/vite.config.ts
 *
 * It runs in `generateBundle` (order `post`), when every chunk's code is final, instead of in
 * `transformIndexHtml`, so nothing can change a file after its hash was taken. Integrity guards
 * what index.html references; a dynamic `import()` carries none (the app has no lazy chunks), and
 * it guards nothing if index.html itself is swapped: that is what the signed release manifest
 * and `securebase verify-web` are for.
 */
import { createHash } from 'node:crypto';
import type { Plugin, Rolldown } from 'vite';

type OutputBundle = Rolldown.OutputBundle;

// A tag that loads a file by URL: <script … src="…"> or <link … href="…">.
const LOADING_TAG = /<(script|link)\b([^>]*?)\s(src|href)="([^"]+)"([^>]*)>/g;
const INLINE_SCRIPT = /<script\b(?![^>]*\ssrc=)[^>]*>/i;
const INLINE_STYLE = /<style\b|\sstyle=/i;

/** `sha384-<base64>` of a file's bytes, as the `integrity` attribute wants it. */
export function integrityOf(bytes: string | Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The bytes of a bundle file by URL path (`/assets/index-abc.js`), if the bundle has it. */
function bundleFile(bundle: OutputBundle, url: string): string | Uint8Array | undefined {
  if (!url.startsWith('/') || url.startsWith('//')) return undefined;
  const output = bundle[url.slice(1)];
  if (!output) return undefined;
  return output.type === 'chunk' ? output.code : output.source;
}

/** index.html with integrity and crossorigin on every tag that loads a script or style from the bundle. */
export function addIntegrity(html: string, bundle: OutputBundle): string {
  return html.replace(LOADING_TAG, (tag, name: string, before: string, attr: string, url: string, after: string) => {
    const attrs = `${before} ${after}`;
    const rel = /\srel="([^"]+)"/.exec(attrs)?.[1];
    const loadsCode = name === 'script' || rel === 'stylesheet' || rel === 'modulepreload';
    if (!loadsCode) return tag;
    const bytes = bundleFile(bundle, url);
    if (bytes === undefined) throw new Error(`index.html loads ${url}, which is not in the build`);
    if (/\sintegrity=/.test(attrs)) throw new Error(`index.html: ${url} already has an integrity attribute`);
    const crossorigin = /\scrossorigin\b/.test(attrs) ? '' : ' crossorigin';
    return `<${name}${before} ${attr}="${url}"${after} integrity="${integrityOf(bytes)}"${crossorigin}>`;
  });
}

/** Throw when index.html holds inline code the relay's CSP would block. */
export function assertNoInlineCode(html: string): void {
  if (INLINE_SCRIPT.test(html)) throw new Error("index.html has an inline script: the relay's CSP (script-src 'self') blocks it");
  if (INLINE_STYLE.test(html)) throw new Error("index.html has an inline style: the relay's CSP (style-src 'self') blocks it");
}

/** The plugin (build only). */
export function subresourceIntegrity(): Plugin {
  return {
    name: 'securebase-subresource-integrity',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html'];
        if (!index || index.type !== 'asset') throw new Error('the build has no index.html');
        const html = typeof index.source === 'string' ? index.source : new TextDecoder().decode(index.source);
        assertNoInlineCode(html);
        index.source = addIntegrity(html, bundle);
      },
    },
  };
}
