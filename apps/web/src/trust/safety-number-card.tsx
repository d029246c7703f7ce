/**
 * The safety number both partners compare: twelve groups of five digits and six words, the
 * same on both sides when no one has come between your devices. Explains how to compare, and
 * offers "Mark as verified" (the mark lives on this device only).
 *
 *   <SafetyNumberCard partner={view.partner} onMarkVerified={trust.markVerified} />
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useI18n, type Said } from '../i18n.js';
import { describeError } from '../messages.js';
import type { PartnerTrust } from './membership-check.js';

interface Props {
  partner: PartnerTrust;
  onMarkVerified: () => Promise<void>;
  /** Heading level 2 text (already in this person's language); defaults to "Safety number". */
  title?: string;
  /** Extra actions next to "Mark as verified" (e.g. "Later"). */
  children?: ComponentChildren;
}

/** The safety number, how to compare it, and the verify button. */
export function SafetyNumberCard({ partner, onMarkVerified, title, children }: Props) {
  const id = useId();
  const { t } = useI18n();
  const [error, setError] = useState<Said>();
  const [busy, setBusy] = useState(false);
  const groups = partner.digits.split(' ');

  const mark = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await onMarkVerified();
    } catch (err) {
      setError(() => (words: Parameters<Said>[0]) => describeError(err, words));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card trust-safety" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title ?? t('trust.safetyNumber')}</h2>
      <p>{t('trust.safetyHow')}</p>
      <ol class="trust-digits" aria-label={t('trust.safetyNumber')}>
        {groups.map((group, index) => (
          <li key={index} class="mono">
            {group}
          </li>
        ))}
      </ol>
      <p class="trust-words">
        <span class="hint">{t('trust.orAsWords')} </span>
        {partner.words.join(' · ')}
      </p>
      {partner.status === 'verified' ? (
        <p class="trust-verified" role="status">
          <span aria-hidden="true">✓ </span>
          {t('trust.verifiedHere')}
        </p>
      ) : (
        <>
          <p class="hint">{t('trust.ifDiffers')}</p>
          <div class="card-actions">
            <button type="button" class="button-primary" disabled={busy} onClick={() => void mark()}>
              {busy ? t('trust.saving') : t('trust.theyMatch')}
            </button>
            {children}
          </div>
        </>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error(t)}
        </p>
      )}
    </section>
  );
}
