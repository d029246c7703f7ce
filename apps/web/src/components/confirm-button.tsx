/**
 * A two-step destructive action: the first press asks, the second does it. Inline rather than
 * a browser dialog, so it reads calmly and stays keyboard-friendly.
 *
 *   <ConfirmButton label="Remove" question="Remove “flooded” for both of you?" onConfirm={remove} />
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n.js';

interface Props {
  label: string;
  /** Accessible name of the first button when the visible label alone is ambiguous. */
  ariaLabel?: string;
  question: string;
  confirmLabel?: string;
  onConfirm: () => void;
}

/** A button that asks once before it acts. */
export function ConfirmButton({ label, ariaLabel, question, confirmLabel, onConfirm }: Props) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Land on the safe choice, so a stray Enter does not remove anything.
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" class="button-quiet" aria-label={ariaLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div class="confirm" role="group" aria-label={question}>
      <span class="confirm-question">{question}</span>
      <button type="button" class="button-danger" onClick={onConfirm}>
        {confirmLabel ?? t('components.confirm.yes')}
      </button>
      <button type="button" class="button-quiet" ref={cancelRef} onClick={() => setAsking(false)}>
        {t('components.confirm.keep')}
      </button>
    </div>
  );
}
