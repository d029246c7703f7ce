/**
 * Entry of the side panel: the shared quick-note app.
 *
 *   <script type="module" src="./src/sidepanel.tsx"></script>   // in sidepanel.html
 */
import { QuickNoteApp } from './app.js';
import { renderPanel } from './i18n.js';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new Error('sidepanel.html has no #app element');
await renderPanel(<QuickNoteApp surface="sidepanel" />, root);
