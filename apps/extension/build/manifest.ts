/**
 * The extension's manifest, generated per browser from one description, so the Chromium and
 * Firefox builds cannot drift apart. Chromium gets `side_panel` and a module service worker;
 * Firefox gets `sidebar_action`, background scripts and its gecko settings. Permissions are the
 * least the features need (see README "Browser extension"): nothing reaches web pages.
 *
 *   const manifest = manifestFor('firefox', { version: '0.1.0' });
 *   writeFileSync('dist/firefox/manifest.json', JSON.stringify(manifest, null, 2));
 */
import { OPEN_SIDE_PANEL_COMMAND } from '../src/extension-names.js';

export type BrowserTarget = 'chromium' | 'firefox';

export const TARGETS: readonly BrowserTarget[] = ['chromium', 'firefox'];

/** API permissions per target; nothing else (no hosts, no tabs, no storage, no scripting). */
export const PERMISSIONS: Readonly<Record<BrowserTarget, readonly string[]>> = {
  // sidePanel: the quick-note side panel. alarms: retry sending queued notes in the background
  // and the check-in reminder's time. notifications: that reminder, with no names and no content.
  chromium: ['alarms', 'notifications', 'sidePanel'],
  // Firefox's sidebar needs no permission; alarms and notifications as above.
  firefox: ['alarms', 'notifications'],
};


/** Gecko id: stable, so Firefox keeps the extension's IndexedDB across updates. */
export const GECKO_ID = 'quick-note@securebase.invalid';

const ICONS = { '16': 'icons/icon-16.png', '32': 'icons/icon-32.png', '48': 'icons/icon-48.png', '128': 'icons/icon-128.png' };

export interface ManifestOptions {
  version: string;
  /**
   * Relay origins the pages may connect to (e.g. `https://relay.example.org`). Without any, the
   * CSP allows any https/wss origin plus loopback, because the relay is only known once a link
   * code is pasted; a deployment that knows its relay pins it here.
   */
  relayOrigins?: readonly string[];
}

/** The `connect-src` sources: the relay only (each origin over http(s) and its WebSocket twin). */
export function connectSources(relayOrigins: readonly string[] = []): string[] {
  if (relayOrigins.length === 0) {
    return ['https:', 'wss:', 'http://localhost:*', 'ws://localhost:*', 'http://127.0.0.1:*', 'ws://127.0.0.1:*'];
  }
  return relayOrigins.flatMap((origin) => {
    const url = new URL(origin);
    if (url.origin !== origin.replace(/\/+$/, '')) throw new Error(`relay origin must be a bare origin, got ${origin}`);
    const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return [url.origin, `${ws}//${url.host}`];
  });
}

/** The extension pages' Content Security Policy. */
export function contentSecurityPolicy(relayOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    // libsodium runs as WebAssembly; no other script source exists.
    "script-src 'self' 'wasm-unsafe-eval'",
    "object-src 'none'",
    "img-src 'self'",
    "style-src 'self'",
    `connect-src ${connectSources(relayOrigins).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The manifest.json object for one browser. */
export function manifestFor(target: BrowserTarget, opts: ManifestOptions): Record<string, unknown> {
  const common = {
    manifest_version: 3,
    name: 'Secure Base quick note',
    short_name: 'Secure Base',
    version: opts.version,
    description: 'Jot a note into your shared Secure Base inbox, end-to-end encrypted.',
    icons: ICONS,
    action: { default_title: 'Secure Base quick note', default_popup: 'popup.html', default_icon: ICONS },
    permissions: [...PERMISSIONS[target]],
    content_security_policy: { extension_pages: contentSecurityPolicy(opts.relayOrigins) },
  };
  const openNote = { suggested_key: { default: 'Alt+Shift+N' }, description: 'Write a quick note' };
  const openPanel = { suggested_key: { default: 'Alt+Shift+K' }, description: 'Open the quick-note side panel' };
  if (target === 'chromium') {
    return {
      ...common,
      minimum_chrome_version: '116',
      side_panel: { default_path: 'sidepanel.html' },
      background: { service_worker: 'background.js', type: 'module' },
      commands: { _execute_action: openNote, [OPEN_SIDE_PANEL_COMMAND]: openPanel },
    };
  }
  return {
    ...common,
    sidebar_action: { default_panel: 'sidepanel.html', default_title: 'Secure Base quick note', default_icon: ICONS, open_at_install: false },
    background: { scripts: ['background.js'], type: 'module' },
    commands: { _execute_action: openNote, _execute_sidebar_action: openPanel },
    browser_specific_settings: {
      // 142: the first version (desktop 140, Android 142) that reads data_collection_permissions,
      // which addons.mozilla.org requires of new extensions; web-ext lint warns below it.
      gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    },
  };
}
