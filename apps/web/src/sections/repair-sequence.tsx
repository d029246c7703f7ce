/**
 * A trigger's repair sequence as the couple wrote it: apology → reassurance → commitment. Shown
 * on the trigger's card and on the pause screen when that trigger is named; small and free of
 * the signing code, so the pause screen can load it on every screen.
 *
 *   <RepairSequence item={trigger} />
 */
import { REPAIR_STEPS, type RepairStep } from '@securebase/model';
import { useI18n, type MessageKey } from '../i18n.js';

/** How each step reads (the card, the form, the pause screen, what changed): `t(REPAIR_LABELS[step])`. */
export const REPAIR_LABELS: Readonly<Record<RepairStep, MessageKey>> = {
  apology: 'components.repair.apology',
  reassurance: 'components.repair.reassurance',
  commitment: 'components.repair.commitment',
};

export function RepairSequence({ item }: { item: Readonly<Record<RepairStep, string>> }) {
  const { t } = useI18n();
  return (
    <ol class="repair-steps">
      {REPAIR_STEPS.map((step) => (
        <li key={step}>
          <span class="repair-label">{t(REPAIR_LABELS[step])}</span>
          <span class="flow-text" dir="auto">
            {item[step] || <span class="not-yet">{t('components.repair.notYet')}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
