/**
 * On the pause card, "Name what set it off": the couple's triggers that have a repair sequence;
 * choosing one shows its apology, reassurance and commitment, so the way back is in reach in the
 * hard moment. The choice stays on this screen: naming a trigger is not sent to anyone.
 *
 *   <PauseRepair repairs={workbook.triggers.list().filter(hasRepairSequence)} />
 */
import { useState } from 'preact/hooks';
import type { TriggerItem } from '@securebase/model';
import { useI18n } from '../i18n.js';
import { RepairSequence } from '../sections/repair-sequence.js';

export type RepairChoice = Pick<TriggerItem, 'id' | 'trigger' | 'apology' | 'reassurance' | 'commitment'>;

export function PauseRepair({ repairs }: { repairs: readonly RepairChoice[] }) {
  const [chosen, setChosen] = useState<string>();
  const { t } = useI18n();
  if (repairs.length === 0) return null;
  const current = repairs.find((r) => r.id === chosen);
  return (
    <section aria-labelledby="pause-repair-title" class="pause-repair">
      <h3 id="pause-repair-title">{t('live.repairHeading')}</h3>
      <p class="pause-repair-hint">{t('live.repairHint')}</p>
      <div class="pause-repair-choices" role="group" aria-label={t('live.ourTriggers')}>
        {repairs.map((r) => (
          <button key={r.id} type="button" class="button-quiet" aria-pressed={r.id === chosen} onClick={() => setChosen(r.id === chosen ? undefined : r.id)} dir="auto">
            {r.trigger}
          </button>
        ))}
      </div>
      {current && (
        <div class="pause-repair-steps" aria-label={t('live.ourRepair', { trigger: current.trigger })} role="group">
          <RepairSequence item={current} />
        </div>
      )}
    </section>
  );
}
