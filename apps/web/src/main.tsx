/// <reference types="vite/client" />
/**
 * Entry point of the web client: initialise libsodium once, open the IndexedDB store, render,
 * and (in production builds only) register the service worker that lets the app open offline.
 *
 *   <script type="module" src="/src/main.tsx"></script>   (index.html)
 */
import { render } from 'preact';
import { readyCrypto } from '@securebase/crypto';
import { App } from './app.js';
import { I18nProvider, startingTranslator } from './i18n.js';
import { currentRoute } from './router.js';
import { CodeUpdateGate } from './shell/code-update-gate.js';
import { registerServiceWorker } from './shell/pwa.js';
import { installVerifiedImport } from './shell/verified-import.js';
import { openIndexedDbStore } from './state-store.js';
import './styles.css';

// First of all, before any await: take an invite or device-link secret out of the address bar.
currentRoute();
// Before anything lazy renders: the rewritten import() calls of the build go through it.
installVerifiedImport();

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');

try {
  // The words of the first screen load while libsodium starts (English is already here).
  const [translator] = await Promise.all([startingTranslator(['core']), readyCrypto()]);
  const rawStore = await openIndexedDbStore();
  render(
    <I18nProvider translator={translator} areas={['core']}>
      <CodeUpdateGate />
      <App rawStore={rawStore} />
    </I18nProvider>,
    root,
  );
} catch (err) {
  // Shown instead of a blank page; the error itself stays in the console for developers.
  root.textContent = await startingTranslator(['core']).then(
    (words) => words.t('shell.cannotStart'),
    // Not even the English words could load: say it in English.
    () => 'Secure Base could not start in this browser. Try an up-to-date browser, outside private mode.',
  );
  throw err;
}
if (import.meta.env.PROD) registerServiceWorker();
