/**
 * The safety number both partners compare: twelve groups of five digits and six words, the
 * same on both sides when no one has come between your devices. Explains how to compare, and
 * offers "Mark as verified" (the mark lives on this device only).
 *
 *   <SafetyNumberCard partner={view.partner} onMarkVerified={trust.markVerified} />
 */
import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { describeError } from '../messages.js';
import type { PartnerTrust } from './membership-check.js';

interface Props {
  partner: PartnerTrust;
  onMarkVerified: () => Promise<void>;
  /** Heading level 2 text; defaults to "Safety number". */
  title?: string;
  /** Extra actions next to "Mark as verified" (e.g. "Later"). */
  children?: ComponentChildren;
}

/** The safety number, how to compare it, and the verify button. */
export function SafetyNumberCard({ partner, onMarkVerified, title = 'Safety number', children }: Props) {
  const id = useId();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const groups = partner.digits.split(' ');

  const mark = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await onMarkVerified();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card trust-safety" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <p>
        Your devices and your partner&rsquo;s each work this number out from your two keys. Compare it together,
        in person or on a call where you can hear each other: one of you reads the digits or the six words aloud,
        the other checks them. If they match, no one has come between your devices.
      </p>
      <ol class="trust-digits" aria-label="Safety number">
        {groups.map((group, index) => (
          <li key={index} class="mono">
            {group}
          </li>
        ))}
      </ol>
      <p class="trust-words">
        <span class="hint">Or as words: </span>
        {partner.words.join(' · ')}
      </p>
      {partner.status === 'verified' ? (
        <p class="trust-verified" role="status">
          <span aria-hidden="true">✓ </span>You have verified your partner on this device.
        </p>
      ) : (
        <>
          <p class="hint">
            If anything differs, do not mark it as verified, and keep sensitive things out of the workbook until you
            know why.
          </p>
          <div class="card-actions">
            <button type="button" class="button-primary" disabled={busy} onClick={() => void mark()}>
              {busy ? 'Saving…' : 'They match: mark as verified'}
            </button>
            {children}
          </div>
        </>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
