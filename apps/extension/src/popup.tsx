/**
 * Entry of the popup: the shared quick-note app.
 *
 *   <script type="module" src="./src/popup.tsx"></script>   // in popup.html
 */
import { QuickNoteApp } from './app.js';
import { renderPanel } from './i18n.js';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('popup.html has no #app element');
await renderPanel(<QuickNoteApp surface="popup" />, root);
