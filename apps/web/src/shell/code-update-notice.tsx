/**
 * What the person sees about a change of the app's own code (code-integrity.ts): a short
 * "Updated to version N (signed by the same publisher)" after a checked update, or a prominent
 * warning when a waiting version is unsigned, signed by another key, or not what its manifest
 * lists, with what to do and the choice to keep the previous version or accept the new one.
 * `CodeSigningLine` is the calm line for Help: whether this copy is signed, and by which key.
 *
 *   <CodeUpdateNotice />          // above the app, main.tsx
 *   <CodeSigningLine />           // help-page.tsx
 */
import { useState } from 'preact/hooks';
import { acceptNewVersion, dismissUpdated, keepPreviousVersion, shortKey, useCodeIntegrity, type UpdateProblem } from './code-integrity.js';
import './code-update-notice.css';

const PROBLEMS: Record<UpdateProblem, string> = {
  unsigned: 'The new version is not signed by any publisher.',
  'other-key': 'The new version is signed by a different key than the one this browser first trusted.',
  'bad-signature': 'The new version’s signature does not match its contents.',
  'files-differ': 'The files the relay served are not the files the new version’s signed list names.',
  unreadable: 'The new version does not say what it is (its release manifest is missing or unreadable).',
};

/** The update notice or warning, or nothing. */
export function CodeUpdateNotice() {
  const { warning, updatedTo } = useCodeIntegrity();
  const [busy, setBusy] = useState(false);
  if (warning) {
    return (
      <section class="code-warning" role="alert" aria-labelledby="code-warning-title">
        <h2 id="code-warning-title">Warning: the relay is serving changed app code</h2>
        <p>
          {PROBLEMS[warning.problem]} Whoever runs this relay may have changed the app to read what you type. You
          are still using the previous version, which this browser checked before.
        </p>
        <ul>
          <li>Do not type anything sensitive into a new version from this relay.</li>
          <li>
            Use the pinned app instead: the browser extension’s workbook, or the <code>securebase</code> command
            line, whose code the relay cannot change.
          </li>
          <li>Ask your partner, or whoever runs the relay, whether they meant to change it.</li>
          <li>
            Closing every tab of this app lets the browser start the new version on its own at the next visit,
            without this check.
          </li>
        </ul>
        <div class="code-warning-actions">
          <button type="button" class="button-primary" onClick={keepPreviousVersion}>
            Keep using the previous version
          </button>
          <button
            type="button"
            class="button-quiet"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              acceptNewVersion().catch(() => setBusy(false));
            }}
          >
            Use the new version anyway{warning.version ? ` (${warning.version})` : ''}
          </button>
        </div>
      </section>
    );
  }
  if (updatedTo) {
    const how = updatedTo.checked ? 'signed by the same publisher' : 'accepted by you, not checked';
    return (
      <p class="code-updated" role="status">
        Updated to version {updatedTo.version} ({how}).{' '}
        <button type="button" class="button-quiet" onClick={dismissUpdated}>
          OK
        </button>
      </p>
    );
  }
  return null;
}

/** One calm line: is this copy signed, and by which key. Nothing where it is unknown (the extension). */
export function CodeSigningLine() {
  const { current } = useCodeIntegrity();
  if (!current) return null;
  if (!current.signed) return <p class="fine-print">This copy of the app (version {current.version}) is not signed by a publisher.</p>;
  return (
    <p class="fine-print">
      This copy of the app is version {current.version}, signed by release key <code>{shortKey(current.key)}…</code>.
    </p>
  );
}
