/**
 * Entry of the pinned workbook (workbook.html): the whole web app, built from its own source
 * into this extension's package, so the code that reads the workbook comes from the installed
 * extension and never from the relay. It uses the extension's linked device (the same encrypted
 * vault and credentials record as the quick-note panel), links one on first run, and writes
 * only while it holds the extension's one-writer session (writer-gate.tsx). While the space is
 * open it hands the next check-in time to the background's reminder (checkin-handoff.ts).
 *
 *   <script type="module" src="./src/workbook.tsx"></script>   // in workbook.html
 */
import { mountWorkbook } from '../../web/src/embed.js';
import { CheckinHostContext } from '../../web/src/home/checkin-host.js';
import { handOffCheckin } from './checkin-handoff.js';
import { EXTENSION_STORE_OPTIONS } from './idb-store.js';
import { LinkScreen } from './link-screen.js';
import { CREDENTIALS_KEY } from './local-vault.js';
import { installedVersion } from './open-workbook.js';
import { WriterGate } from './writer-gate.js';
import './workbook.css';

const root = document.getElementById('app');
if (!root) throw new Error('workbook.html has no #app element');

await mountWorkbook(root, {
  storage: EXTENSION_STORE_OPTIONS,
  credentialsKey: CREDENTIALS_KEY,
  areas: ['extension'],
  host: {
    // No relay serves this page: a browser without a space links this extension as a device.
    unlinked: ({ store, onReady }) => (
      <div class="pinned-link">
        <LinkScreen store={store} onLinked={onReady} />
      </div>
    ),
    codeSource: { kind: 'extension', version: installedVersion() },
  },
  wrap: (app) => (
    <CheckinHostContext.Provider value={handOffCheckin}>
      <WriterGate>{app}</WriterGate>
    </CheckinHostContext.Provider>
  ),
});
