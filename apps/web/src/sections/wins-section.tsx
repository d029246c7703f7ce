/**
 * Wins: small wins and micro-repairs, noticed and written down, so the progress a couple makes
 * is visible on the days it does not feel like it.
 *
 *   <WinsSection workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { WIN_KINDS, sectionDecision, type PartnerId, type WinItem, type WinKind, type Workbook } from '@securebase/model';
import { OnceForm } from '../components/once-form.js';
import { TextField } from '../components/text-field.js';
import { WinResponses } from '../home/win-responses.js';
import { Refusal, RemoveAction, RemovedList, useRefusal } from './change-notes.js';
import { attemptWrite, type FieldErrors } from './field-errors.js';
import { authorName } from './partners.js';
import { WithName, slots, useI18n, type MessageKey } from '../i18n.js';
import type { SectionProps } from './registry.js';
import { WIN_LABELS } from './section-labels.js';
import './sections.css';

const WIN_HINTS: Record<WinKind, MessageKey> = {
  win: 'wins.hint.win',
  'micro-repair': 'wins.hint.microRepair',
};

/** The wins screen: the add form and the list, newest first. */
export function WinsSection({ workbook, me }: SectionProps) {
  const { t } = useI18n();
  const wins = workbook.wins.list().slice().reverse();
  const repairs = wins.filter((w) => w.kind === 'micro-repair').length;
  return (
    <section class="section" aria-labelledby="wins-heading">
      <h2 id="wins-heading">{t('wins.heading')}</h2>
      <p class="section-intro">{t('wins.intro')}</p>
      <AddWinForm workbook={workbook} me={me} />
      {wins.length === 0 ? (
        <p class="empty">{t('wins.empty')}</p>
      ) : (
        <>
          <p class="hint">{t('wins.count', { count: wins.length, repairs })}</p>
          <ul class="card-list" aria-label={t('wins.list')}>
            {wins.map((win) => (
              <WinCard key={win.id} win={win} workbook={workbook} me={me} />
            ))}
          </ul>
        </>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun={t('wins.noun')}
        removed={workbook.wins.removed()}
        describe={(w) => w.text}
        onRestore={(id) => workbook.wins.restore(id, me)}
      />
    </section>
  );
}

function AddWinForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<WinKind>('win');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => workbook.wins.add({ text, kind }, me), t);
    if (refused) {
      setErrors(refused);
      return;
    }
    setText('');
    setErrors({});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label={t('wins.form.label')} noValidate>
      <h3>{t('wins.form.heading')}</h3>
      <fieldset class="fieldset">
        <legend>{t('wins.form.kind')}</legend>
        <div class="choice-row">
          {WIN_KINDS.map((k) => (
            <label key={k} class="choice">
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(WIN_LABELS[k])}</span>
            </label>
          ))}
        </div>
        <p class="hint">{t(WIN_HINTS[kind])}</p>
      </fieldset>
      <TextField label={t('wins.form.text')} multiline rows={2} value={text} onInput={setText} error={errors.text} draftKey="wins/add/text" />
      <button type="submit" class="button-primary">
        {t('wins.form.submit')}
      </button>
    </OnceForm>
  );
}

function WinCard({ win, workbook, me }: { win: WinItem; workbook: Workbook; me: PartnerId }) {
  const { t, language } = useI18n();
  const when = new Date(win.createdAt).toLocaleDateString(language, { day: 'numeric', month: 'short' });
  const refusal = useRefusal();
  const author = authorName(workbook, me, win.by, t);
  return (
    <li class="card win-card" aria-label={t('wins.card', { kind: t(WIN_LABELS[win.kind]), text: win.text })}>
      <div class="card-head">
        <span class={`tag tag-win-${win.kind}`}>{t(WIN_LABELS[win.kind])}</span>
        <span class="byline">
          <WithName text={t('wins.noticedBy', { ...slots('partner'), mine: win.by === me ? 'yes' : 'no', date: when })} name={author} />
        </span>
      </div>
      <p class="note-text" dir="auto">
        {win.text}
      </p>
      <WinResponses workbook={workbook} me={me} win={win} />
      <div class="card-actions">
        <RemoveAction
          allowed={sectionDecision('wins', 'remove', me, win.by).allowed}
          ariaLabel={t('wins.remove.label', { text: win.text })}
          question={t('wins.remove.question')}
          remove={() => workbook.wins.remove(win.id, me)}
          refusal={refusal}
          owner={author}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
