/**
 * Responding to a partner's win: a few warm reactions and an optional word, one response each,
 * stored in the shared workbook in the responder's own name (packages/model wins.ts, the rule in
 * ownership.ts). Shown under a win on the home and in the Wins section. There is no count, no
 * streak, and nothing that says a win went unanswered.
 *
 *   <WinResponses workbook={wb} me={me} win={win} />
 */
import { useId, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { WIN_REACTIONS, mayRespond, type PartnerId, type WinItem, type WinReaction, type Workbook } from '@securebase/model';
import { FieldError } from '../components/field-error.js';
import { useI18n, type MessageKey } from '../i18n.js';
import { attemptWrite } from '../sections/field-errors.js';
import { authorName, capitalise } from '../sections/partners.js';
import './home.css';

/** The reactions in each viewer's language (only the reaction's id is stored). */
export const REACTION_KEYS: Record<WinReaction, MessageKey> = {
  warmed: 'home.reactWarmed',
  'thank-you': 'home.reactThanks',
  proud: 'home.reactProud',
  together: 'home.reactTogether',
};

/** The responses to a win, and (for the partner of its author) the way to respond. */
export function WinResponses({ workbook, me, win }: { workbook: Workbook; me: PartnerId; win: WinItem }) {
  const responses = workbook.wins.responses(win.id);
  const canRespond = mayRespond('wins', me, win.by);
  const mine = responses.find((r) => r.by === me);
  const { t } = useI18n();
  return (
    <div class="win-responses">
      {responses.length > 0 && (
        <ul class="win-response-list" aria-label={t('home.responses')}>
          {responses.map((r) => (
            <li key={r.by}>
              <span class="win-response-by">{t('home.responseBy', { name: capitalise(authorName(workbook, me, r.by, t)) })}</span>{' '}
              {r.reaction && <span class="win-reaction">{t(REACTION_KEYS[r.reaction])}</span>}
              {r.reaction && r.word && ' · '}
              {r.word && (
                <span class="win-word" dir="auto">
                  “{r.word}”
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {canRespond && <RespondForm workbook={workbook} me={me} win={win} current={mine?.reaction} />}
    </div>
  );
}

function RespondForm({ workbook, me, win, current }: { workbook: Workbook; me: PartnerId; win: WinItem; current: string | undefined }) {
  const [word, setWord] = useState('');
  const [error, setError] = useState<string>();
  const id = useId();
  const { t } = useI18n();
  const react = (reaction: (typeof WIN_REACTIONS)[number]): void => {
    const refused = attemptWrite(() => workbook.wins.respond(win.id, me, { reaction, word: workbook.wins.responses(win.id).find((r) => r.by === me)?.word ?? '' }), t);
    setError(refused ? Object.values(refused)[0] : undefined);
  };
  const send = (event: JSX.TargetedSubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const kept = workbook.wins.responses(win.id).find((r) => r.by === me)?.reaction;
    const refused = attemptWrite(() => workbook.wins.respond(win.id, me, { ...(kept ? { reaction: kept } : {}), word }), t);
    setError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setWord('');
  };
  return (
    <div class="win-respond">
      <div class="win-reactions" role="group" aria-label={t('home.respondTo', { text: win.text })}>
        {WIN_REACTIONS.map((r) => (
          <button key={r} type="button" class="button-quiet win-reaction-button" aria-pressed={current === r} onClick={() => react(r)}>
            {t(REACTION_KEYS[r])}
          </button>
        ))}
      </div>
      <form class="win-word-form" onSubmit={send} noValidate>
        <label for={`${id}-word`} class="visually-hidden">
          {t('home.winWord')}
        </label>
        <input
          id={`${id}-word`}
          type="text"
          maxLength={280}
          placeholder={t('home.winWordPlaceholder')}
          value={word}
          onInput={(e) => setWord(e.currentTarget.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit" class="button-quiet">
          {t('home.send')}
        </button>
      </form>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
