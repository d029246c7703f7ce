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
import type { SectionProps } from './registry.js';
import { WIN_LABELS } from './section-labels.js';
import './sections.css';

const WIN_HINTS: Record<WinKind, string> = {
  win: 'Something that went well, however small.',
  'micro-repair': 'A moment one of you turned back toward the other after a misstep.',
};

/** The wins screen: the add form and the list, newest first. */
export function WinsSection({ workbook, me }: SectionProps) {
  const wins = workbook.wins.list().slice().reverse();
  const repairs = wins.filter((w) => w.kind === 'micro-repair').length;
  return (
    <section class="section" aria-labelledby="wins-heading">
      <h2 id="wins-heading">Wins</h2>
      <p class="section-intro">
        Notice what is going right: a small win, or a micro-repair, when one of you reached back
        after a sharp word. These add up.
      </p>
      <AddWinForm workbook={workbook} me={me} />
      {wins.length === 0 ? (
        <p class="empty">Nothing here yet. What went a little better this week?</p>
      ) : (
        <>
          <p class="hint">
            {wins.length === 1 ? '1 moment noticed' : `${wins.length} moments noticed`}
            {repairs > 0 && `, ${repairs === 1 ? '1 micro-repair' : `${repairs} micro-repairs`}`}.
          </p>
          <ul class="card-list" aria-label="Our wins">
            {wins.map((win) => (
              <WinCard key={win.id} win={win} workbook={workbook} me={me} />
            ))}
          </ul>
        </>
      )}
      <RemovedList
        workbook={workbook}
        me={me}
        noun="wins"
        removed={workbook.wins.removed()}
        describe={(w) => w.text}
        onRestore={(id) => workbook.wins.restore(id, me)}
      />
    </section>
  );
}

function AddWinForm({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const [text, setText] = useState('');
  const [kind, setKind] = useState<WinKind>('win');
  const [errors, setErrors] = useState<FieldErrors>({});
  const id = useId();

  const submit = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const refused = attemptWrite(() => workbook.wins.add({ text, kind }, me));
    if (refused) {
      setErrors(refused);
      return;
    }
    setText('');
    setErrors({});
  };

  return (
    <OnceForm class="card add-form" onSubmit={submit} aria-label="Add a win" noValidate>
      <h3>Notice a moment</h3>
      <fieldset class="fieldset">
        <legend>What kind of moment</legend>
        <div class="choice-row">
          {WIN_KINDS.map((k) => (
            <label key={k} class="choice">
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
              <span>{WIN_LABELS[k]}</span>
            </label>
          ))}
        </div>
        <p class="hint">{WIN_HINTS[kind]}</p>
      </fieldset>
      <TextField label="What happened" multiline rows={2} value={text} onInput={setText} error={errors.text} draftKey="wins/add/text" />
      <button type="submit" class="button-primary">
        Add to our wins
      </button>
    </OnceForm>
  );
}

function WinCard({ win, workbook, me }: { win: WinItem; workbook: Workbook; me: PartnerId }) {
  const when = new Date(win.createdAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
  const refusal = useRefusal();
  const author = authorName(workbook, me, win.by);
  return (
    <li class="card win-card" aria-label={`${WIN_LABELS[win.kind]}: ${win.text}`}>
      <div class="card-head">
        <span class={`tag tag-win-${win.kind}`}>{WIN_LABELS[win.kind]}</span>
        <span class="byline">
          Noticed by {author} · {when}
        </span>
      </div>
      <p class="note-text" dir="auto">
        {win.text}
      </p>
      <WinResponses workbook={workbook} me={me} win={win} />
      <div class="card-actions">
        <RemoveAction
          allowed={sectionDecision('wins', 'remove', me, win.by).allowed}
          ariaLabel={`Remove: ${win.text}`}
          question="Remove this for both of you?"
          remove={() => workbook.wins.remove(win.id, me)}
          refusal={refusal}
          owner={author}
        />
      </div>
      <Refusal message={refusal.message} />
    </li>
  );
}
