/**
 * The web app mounted by another host: the browser extension's pinned app (workbook.html in
 * apps/extension) renders this same source from its installed package, so its code never comes
 * from the relay. Unlike main.tsx it registers no service worker (an extension page has its
 * code already), and it reads and writes the host's own IndexedDB store and credentials record
 * (the extension's linked device), not the web app's.
 *
 *   await mountWorkbook(document.getElementById('app')!, {
 *     storage: { dbName: 'securebase-extension', storeName: 'state' },
 *     credentialsKey: 'ext/credentials',
 *     host: { unlinked: (p) => <LinkScreen {...p} />, codeSource: { kind: 'extension', version: '0.1.0' } },
 *     wrap: (app) => <WriterGate>{app}</WriterGate>,
 *   });
 */
import { render, type ComponentChildren } from 'preact';
import type { IndexedDbStoreOptions } from '@securebase/browser';
import { readyCrypto } from '@securebase/crypto';
import type { Area } from '@securebase/i18n';
import { App, type AppHost } from './app.js';
import { I18nProvider, startingTranslator } from './i18n.js';
import { configureCredentialsKey } from './credentials-storage.js';
import { currentRoute } from './router.js';
import { configureStateStore, openIndexedDbStore } from './state-store.js';
import './styles.css';

export { docSessionsClosed } from './shell/doc-session.js';
// The host's own screens around the app keep the same safety switch and bar.
export { NeutralPage, isNeutralPageShown, useQuickHideKeys } from './shell/quick-hide.js';
export { TopBar } from './shell/top-bar.js';
export type { AppHost } from './app.js';

export interface MountOptions {
  /** The host's IndexedDB database (shared with its other pages). */
  storage: IndexedDbStoreOptions;
  /** The record holding the host's credentials inside that (encrypted) store. */
  credentialsKey: string;
  host: AppHost;
  /** Put the app inside the host's own component (e.g. the one-writer-at-a-time gate). */
  wrap?: (app: ComponentChildren) => ComponentChildren;
  /** Words the host's own screens need beyond the app's first screen (e.g. 'extension'). */
  areas?: readonly Area[];
}

/** Open the host's store and render the whole workbook into `root`. */
export async function mountWorkbook(root: HTMLElement, options: MountOptions): Promise<void> {
  // As in main.tsx, before any await: a secret in the address bar leaves it at once.
  currentRoute();
  configureStateStore(options.storage);
  configureCredentialsKey(options.credentialsKey);
  const wrap = options.wrap ?? ((app: ComponentChildren) => app);
  try {
    const areas: Area[] = ['core', ...(options.areas ?? [])];
    const [translator] = await Promise.all([startingTranslator(areas), readyCrypto()]);
    const rawStore = await openIndexedDbStore();
    render(
      <I18nProvider translator={translator} areas={areas}>
        {wrap(<App rawStore={rawStore} host={options.host} />)}
      </I18nProvider>,
      root,
    );
  } catch (err) {
    root.textContent = await startingTranslator(['core']).then(
      (words) => words.t('shell.cannotStart'),
      // Not even the English words could load: say it in English.
      () => 'Secure Base could not start in this browser. Try an up-to-date browser, outside private mode.',
    );
    throw err;
  }
}
