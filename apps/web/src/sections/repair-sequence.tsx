/**
 * A trigger's repair sequence as the couple wrote it: apology → reassurance → commitment. Shown
 * on the trigger's card and on the pause screen when that trigger is named; small and free of
 * the signing code, so the pause screen can load it on every screen.
 *
 *   <RepairSequence item={trigger} />
 */
import { REPAIR_STEPS, type RepairStep } from '@securebase/model';

/** How each step reads (the card, the form, the pause screen, what changed). */
export const REPAIR_LABELS: Readonly<Record<RepairStep, string>> = {
  apology: 'Apology',
  reassurance: 'Reassurance',
  commitment: 'Our commitment',
};

export function RepairSequence({ item }: { item: Readonly<Record<RepairStep, string>> }) {
  return (
    <ol class="repair-steps">
      {REPAIR_STEPS.map((step) => (
        <li key={step}>
          <span class="repair-label">{REPAIR_LABELS[step]}</span>
          <span class="flow-text" dir="auto">
            {item[step] || <span class="not-yet">Not written yet</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
