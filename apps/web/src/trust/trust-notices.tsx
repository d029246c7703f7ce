/**
 * Notices the trust gate shows once each (trust-gate.tsx; loaded only when one is due): on a
 * device its owner just linked, that nobody new has arrived; to the partner who stays, that the
 * other left and what that means.
 *
 *   <TrustNotice kind="linked" onDismiss={dismiss} />   <TrustNotice kind="partner-left" onDismiss={dismiss} />
 */
import { useI18n, type MessageKey } from '../i18n.js';

const NOTICES: Record<'linked' | 'partner-left', { heading: MessageKey; text: MessageKey }> = {
  // Told once on a device its owner just linked: it is theirs, nobody new has arrived.
  linked: { heading: 'trustPages.linkedHeading', text: 'trustPages.linkedText' },
  // Told once to the partner who stays.
  'partner-left': { heading: 'trustPages.partnerLeftHeading', text: 'trustPages.partnerLeftText' },
};

export function TrustNotice({ kind, onDismiss }: { kind: keyof typeof NOTICES; onDismiss: () => Promise<void> }) {
  const { t } = useI18n();
  const words = NOTICES[kind];
  return (
    <section class="card trust-notice" role="status" aria-labelledby={`trust-${kind}-h`}>
      <h2 id={`trust-${kind}-h`}>{t(words.heading)}</h2>
      <p>{t(words.text)}</p>
      <div class="card-actions">
        <button type="button" class="button-quiet" onClick={() => void onDismiss()}>
          {t('trustPages.ok')}
        </button>
      </div>
    </section>
  );
}
