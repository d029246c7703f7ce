/**
 * The rehearsal card: one turn of a script at a time ("You say: …" / "Sam answers: …"), with
 * Back and Next, Pause, Swap roles and End; together, each tap moves both screens (the rules are
 * RehearseTogether's, in packages/sync); alone, the partner's lines are shown for the person to
 * hear and nothing is sent. "This felt hard" marks a line for this person only; "Share with …"
 * turns it into a normal note in the shared inbox, only when they choose it.
 *
 * Loaded on first use (rehearse-layer.tsx). The only motion is a short fade when the line
 * changes, and none when the person prefers reduced motion (rehearse.css).
 *
 *   <RehearseScreen workbook={wb} me={me} partner="sam" revision={rev} view={view} controls={c}
 *     hardLines={marks} onToggleHard={toggle} />
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { agreementTurns, turnsForRole, type ScriptRole, type Workbook } from '@securebase/model';
import { WithName, slots, useI18n } from '../i18n.js';
import { capitalise } from '../sections/partners.js';
import { attemptWrite } from '../sections/field-errors.js';
import { useInertSiblings, useTopBarOffset } from './pause-screen.js';
import './rehearse.css';

/** What the card shows: the same for both partners, but for the role each takes. */
export interface RehearsalView {
  scriptId: string;
  myRole: ScriptRole;
  step: number;
  paused: boolean;
  /** With the partner, live; false when rehearsing alone. */
  together: boolean;
}

/** The taps of the card: for both screens together, or for this one alone. */
export interface RehearsalControls {
  step(delta: number): void;
  setPaused(paused: boolean): void;
  swapRoles(): void;
  end(): void;
}

interface Props {
  workbook: Workbook;
  me: string;
  partner: string;
  revision: number;
  view: RehearsalView;
  controls: RehearsalControls;
  /** The lines this person marked as hard (memory only). */
  hardLines: ReadonlySet<string>;
  onToggleHard: (line: string) => void;
}

/** A note in the inbox must stay within its limit; a very long line is cut with an ellipsis. */
const SHARED_LINE_MAX = 1500;

/** The full-screen rehearsal card. */
export function RehearseScreen({ workbook, me, partner, revision, view, controls, hardLines, onToggleHard }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const top = useTopBarOffset();
  useInertSiblings(root);
  const [shared, setShared] = useState<ReadonlySet<string>>(new Set());
  const [shareError, setShareError] = useState<string>();
  const agreement = useMemo(() => workbook.agreements.get(view.scriptId), [workbook, view.scriptId, revision]);
  const turns = useMemo(() => (agreement ? (agreementTurns(agreement) ?? []) : []), [agreement, revision]);
  const { t } = useI18n();
  const named = (text: string) => <WithName text={text} name={partner} />;

  useEffect(() => {
    heading.current?.focus();
  }, [view.scriptId]);

  const mine = turnsForRole(turns, view.myRole);
  const step = Math.min(view.step, Math.max(mine.length - 1, 0));
  const turn = mine[step];
  const role = turns[step]?.role;
  // Plain text (the live region reads it too): the name opens these sentences in every language.
  const who = !turn
    ? ''
    : turn.speaker === 'me'
      ? role === 'first'
        ? t('moments.youSay')
        : t('moments.youAnswer')
      : capitalise(role === 'first' ? t('moments.partnerSays', { partner }) : t('moments.partnerAnswers', { partner }));
  const marked = turn ? hardLines.has(turn.text) : false;
  const last = step >= mine.length - 1;

  const share = (line: string): void => {
    const words = line.length > SHARED_LINE_MAX ? `${line.slice(0, SHARED_LINE_MAX)}…` : line;
    // Stored in the shared inbox: written in this person's language, then it is theirs as written.
    const text = agreement
      ? t('moments.hardNote', { title: agreement.title, line: words })
      : t('moments.hardNoteUntitled', { line: words });
    const refused = attemptWrite(() => workbook.inbox.add({ text, kind: 'other' }, me), t);
    setShareError(refused ? Object.values(refused)[0] : undefined);
    if (!refused) setShared((s) => new Set(s).add(line));
  };

  return (
    <div
      ref={root}
      class="pause-screen rehearse-screen"
      style={{ top: `${top}px` }}
      role="dialog"
      aria-labelledby="rehearse-title"
      aria-describedby="rehearse-how"
      data-rehearse-step={step}
      data-rehearse-role={view.myRole}
      data-rehearse-paused={view.paused ? 'yes' : 'no'}
    >
      <div class="pause-card rehearse-card">
        <h2 id="rehearse-title" ref={heading} tabIndex={-1}>
          {agreement ? t('moments.rehearsing', { title: agreement.title }) : t('moments.rehearsingUntitled')}
        </h2>
        <p id="rehearse-how" class="pause-reassure">
          {named(view.together ? t('moments.together', slots('partner')) : t('moments.alone', slots('partner')))}
        </p>
        {!turn ? (
          <p class="rehearse-empty">{t('moments.noLines')}</p>
        ) : (
          <>
            <p class="rehearse-progress">
              {t('moments.lineOf', { line: step + 1, count: mine.length })}
            </p>
            {view.paused && (
              <p class="rehearse-paused" role="status">
                {view.together ? t('moments.pausedTogether') : t('moments.pausedAlone')}
              </p>
            )}
            <figure key={`${step}-${view.myRole}`} class={`rehearse-turn rehearse-turn-${turn.speaker}`} data-speaker={turn.speaker}>
              <figcaption class="rehearse-who">{who}</figcaption>
              <blockquote class="rehearse-line">{turn.text}</blockquote>
            </figure>
            <p class="visually-hidden" aria-live="polite">
              {view.paused ? t('moments.paused') : `${who} ${turn.text}`}
            </p>
            <div class="rehearse-hard">
              <button type="button" class="button-quiet" aria-pressed={marked} onClick={() => onToggleHard(turn.text)}>
                {t('moments.feltHard')}
              </button>
              {marked && (
                <div class="rehearse-hard-note" data-hard-mark>
                  <p class="hint">{named(t('moments.markedHint', slots('partner')))}</p>
                  {shared.has(turn.text) ? (
                    <p class="hint" role="status">
                      {named(t('moments.hardShared', slots('partner')))}
                    </p>
                  ) : (
                    <button type="button" class="button-quiet" onClick={() => share(turn.text)}>
                      {named(t('moments.shareWith', slots('partner')))}
                    </button>
                  )}
                  {shareError && (
                    <p class="form-error" role="alert">
                      {shareError}
                    </p>
                  )}
                </div>
              )}
            </div>
            <div class="rehearse-nav">
              <button type="button" class="button-quiet" disabled={view.paused || step === 0} onClick={() => controls.step(-1)}>
                {t('moments.back')}
              </button>
              <button type="button" class="button-primary" disabled={view.paused || last} onClick={() => controls.step(1)}>
                {t('moments.next')}
              </button>
            </div>
            {last && !view.paused && <p class="hint rehearse-last">{t('moments.lastLine')}</p>}
          </>
        )}
        <div class="rehearse-actions">
          <button type="button" class="button-quiet" onClick={() => controls.setPaused(!view.paused)}>
            {view.paused ? t('moments.resume') : t('live.pauseButton')}
          </button>
          <button type="button" class="button-quiet" onClick={() => controls.swapRoles()}>
            {t('moments.swap')}
          </button>
          <button type="button" class="button-quiet" onClick={() => controls.end()}>
            {view.together ? t('moments.endBoth') : t('moments.end')}
          </button>
        </div>
      </div>
    </div>
  );
}
