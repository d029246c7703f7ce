/**
 * What the person sees about a change of the app's own code (code-integrity.ts): a short
 * "Updated to version N (signed by the same publisher)" after a checked update, or a prominent
 * warning when a waiting version is unsigned, signed by another key, or not what its manifest
 * lists, with what to do and the choice to keep the previous version or accept the new one.
 * `CodeSigningLine` is the calm line for Help: whether this copy is signed, and by which key.
 *
 *   <CodeUpdateNotice />          // through code-update-gate.tsx, once there is something to say
 *   <CodeSigningLine />           // help-page.tsx
 */
import { useState } from 'preact/hooks';
import { slots, useI18n, Words, type MessageKey } from '../i18n.js';
import { acceptNewVersion, dismissUpdated, keepPreviousVersion, shortKey, useCodeIntegrity, type UpdateProblem } from './code-integrity.js';
import './code-update-notice.css';

const PROBLEMS: Record<UpdateProblem, MessageKey> = {
  unsigned: 'pages.updateUnsigned',
  'other-key': 'pages.updateOtherKey',
  'bad-signature': 'pages.updateBadSignature',
  'files-differ': 'pages.updateFilesDiffer',
  unreadable: 'pages.updateUnreadable',
};

/** The update notice or warning, or nothing. */
export function CodeUpdateNotice() {
  const { t } = useI18n();
  const { warning, updatedTo } = useCodeIntegrity();
  const [busy, setBusy] = useState(false);
  if (warning) {
    return (
      <section class="code-warning" role="alert" aria-labelledby="code-warning-title">
        <h2 id="code-warning-title">{t('pages.updateWarningTitle')}</h2>
        <p>
          {t(PROBLEMS[warning.problem])} {t('pages.updateWarningRisk')}
        </p>
        <ul>
          <li>{t('pages.updateAdviceNoTyping')}</li>
          <li>
            <Words text={t('pages.updateAdvicePinned', slots('cli'))} parts={{ cli: <code>securebase</code> }} />
          </li>
          <li>{t('pages.updateAdviceAsk')}</li>
          <li>{t('pages.updateAdviceClose')}</li>
        </ul>
        <div class="code-warning-actions">
          <button type="button" class="button-primary" onClick={keepPreviousVersion}>
            {t('pages.updateKeepPrevious')}
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
            {warning.version ? t('pages.updateUseNewVersion', { version: warning.version }) : t('pages.updateUseNew')}
          </button>
        </div>
      </section>
    );
  }
  if (updatedTo) {
    return (
      <p class="code-updated" role="status">
        {updatedTo.checked
          ? t('pages.updateUpdatedChecked', { version: updatedTo.version })
          : t('pages.updateUpdatedAccepted', { version: updatedTo.version })}{' '}
        <button type="button" class="button-quiet" onClick={dismissUpdated}>
          {t('pages.updateOk')}
        </button>
      </p>
    );
  }
  return null;
}

/** One calm line: is this copy signed, and by which key. Nothing where it is unknown (the extension). */
export function CodeSigningLine() {
  const { t } = useI18n();
  const { current } = useCodeIntegrity();
  if (!current) return null;
  if (!current.signed) return <p class="fine-print">{t('pages.codeUnsigned', { version: current.version })}</p>;
  return (
    <p class="fine-print">
      <Words
        text={t('pages.codeSigned', { version: current.version, ...slots('key') })}
        parts={{ key: <code>{shortKey(current.key)}…</code> }}
      />
    </p>
  );
}
