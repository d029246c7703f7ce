/**
 * The first screen's watch over the app's own code: the check itself (code-integrity.ts) runs
 * from the start, but the notice and its words load only once there is something to say (a
 * checked update, or a warning), so the first screen does not carry them.
 *
 *   <CodeUpdateGate />   // above the app, main.tsx
 */
import { useCodeIntegrity } from './code-integrity.js';
import { lazyScreen } from './lazy-screen.js';

const CodeUpdateNotice = lazyScreen(() => import('./code-update-notice.js').then((m) => m.CodeUpdateNotice), 'pages');

export function CodeUpdateGate() {
  const { warning, updatedTo } = useCodeIntegrity();
  return warning || updatedTo ? <CodeUpdateNotice /> : null;
}
