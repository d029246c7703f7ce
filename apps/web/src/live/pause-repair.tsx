/**
 * On the pause card, "Name what set it off": the couple's triggers that have a repair sequence;
 * choosing one shows its apology, reassurance and commitment, so the way back is in reach in the
 * hard moment. The choice stays on this screen: naming a trigger is not sent to anyone.
 *
 *   <PauseRepair repairs={workbook.triggers.list().filter(hasRepairSequence)} />
 */
import { useState } from 'preact/hooks';
import type { TriggerItem } from '@securebase/model';
import { RepairSequence } from '../sections/repair-sequence.js';

export type RepairChoice = Pick<TriggerItem, 'id' | 'trigger' | 'apology' | 'reassurance' | 'commitment'>;

export function PauseRepair({ repairs }: { repairs: readonly RepairChoice[] }) {
  const [chosen, setChosen] = useState<string>();
  if (repairs.length === 0) return null;
  const current = repairs.find((r) => r.id === chosen);
  return (
    <section aria-labelledby="pause-repair-title" class="pause-repair">
      <h3 id="pause-repair-title">Name what set it off</h3>
      <p class="pause-repair-hint">If it was one of your triggers, your repair for it is here. This stays on your screen.</p>
      <div class="pause-repair-choices" role="group" aria-label="Our triggers">
        {repairs.map((r) => (
          <button key={r.id} type="button" class="button-quiet" aria-pressed={r.id === chosen} onClick={() => setChosen(r.id === chosen ? undefined : r.id)} dir="auto">
            {r.trigger}
          </button>
        ))}
      </div>
      {current && (
        <div class="pause-repair-steps" aria-label={`Our repair: ${current.trigger}`} role="group">
          <RepairSequence item={current} />
        </div>
      )}
    </section>
  );
}
