/**
 * Pause, gentle checks and breathing together on every screen of the space: the "Pause" button (and Alt+P) that
 * sends the couple's pause signal in one tap, a small "Gentle check" panel (the two invitations
 * and the pause length, editable before sending), the full-screen pause card, the check cards,
 * and one polite live region that announces what arrives. Rules live in LiveMoments
 * (packages/sync); this only renders and forwards taps.
 *
 *   <LiveLayer workbook={workbook} me={me} provider={provider} revision={revision} store={store} />
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { hasRepairSequence, type Workbook } from '@securebase/model';
import {
  PAUSE_MINUTES,
  type CheckAnswer,
  type CheckQuestion,
  type EncryptedProvider,
  type LiveMomentsState,
  type LocalStateStore,
} from '@securebase/sync';
import { useI18n, type Translate } from '../i18n.js';
import { capitalise, partnerName } from '../sections/partners.js';
import { lazyScreen } from '../shell/lazy-screen.js';
import { BreatheStarter } from './breathe-starter.js';
import { useBreatheTogether } from './use-breathe-together.js';
import { ANSWER_WORDS, IncomingCheckCard, OutgoingCheckNote, QUESTION_WORDS } from './check-cards.js';
import { PauseScreen } from './pause-screen.js';
import { RehearseLayer } from './rehearse-layer.js';
import { pauseScript } from './pause-script.js';
import { useLiveMoments } from './use-live-moments.js';
import './live.css';

// The breathing pacer is rare and starts with a countdown: its code loads when a session begins.
// The pause screen stays in the main bundle: it must show the instant a pause is asked for.
const BreatheScreen = lazyScreen(() => import('./breathe-screen.js').then((m) => m.BreatheScreen), 'pages');

interface Props {
  workbook: Workbook;
  me: string;
  provider: EncryptedProvider | undefined;
  /** Bumps on every workbook change: the script and names are read again. */
  revision: number;
  /** This device's encrypted local store: where its own active pause is kept across a reload. */
  store: LocalStateStore;
}

/** Alt+P: not used by the browser, quick-hide (Escape) or any other shortcut of the app. */
function isPauseShortcut(event: KeyboardEvent): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === 'KeyP';
}

/** What a screen reader should hear about a change that came from the partner. */
function arrival(before: LiveMomentsState, after: LiveMomentsState, partner: string, t: Translate): string | undefined {
  // Plain text for the live region: the name capitalised where it opens the sentence.
  const said = (text: string): string => capitalise(text);
  if (after.pause && after.pause.id !== before.pause?.id && !after.pause.mine) return said(t('live.saidPause', { partner }));
  if (before.pause && !after.pause) return t('live.saidEnded');
  const newCheck = after.incoming.find((c) => !before.incoming.some((b) => b.id === c.id));
  if (newCheck) return said(t('live.asks', { partner, question: t(QUESTION_WORDS[newCheck.question]) }));
  const answered = after.outgoing.find((c) => c.answer && !before.outgoing.find((b) => b.id === c.id)?.answer);
  if (answered?.answer) return said(t('live.saidAnswered', { partner, answer: t(ANSWER_WORDS[answered.answer]) }));
  return undefined;
}

/** The live layer of the space shell. */
export function LiveLayer({ workbook, me, provider, revision, store }: Props) {
  const { state, moments } = useLiveMoments(provider, me, store);
  const { t } = useI18n();
  const breathe = useBreatheTogether(provider, me);
  // The workbook object stays the same while its content changes: `revision` says when to re-read.
  const script = useMemo(() => pauseScript(workbook, t), [workbook, revision, t]);
  const repairs = useMemo(() => workbook.triggers.list().filter(hasRepairSequence), [workbook, revision]);
  const partner = useMemo(() => partnerName(workbook, me, t), [workbook, me, revision, t]);
  const [minutes, setMinutes] = useState<number | undefined>(undefined);
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef(state);
  const pauseButton = useRef<HTMLButtonElement>(null);
  const chosenMinutes = minutes ?? script.minutes;

  const startPause = (): void => moments?.startPause({ signalWord: script.signalWord, minutes: chosenMinutes });
  const latestStart = useRef(startPause);
  latestStart.current = startPause;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!isPauseShortcut(event)) return;
      event.preventDefault();
      latestStart.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const said = arrival(previous.current, state, partner, t);
    const pauseEnded = previous.current.pause && !state.pause;
    previous.current = state;
    if (said) setAnnouncement(said);
    // Focus returns to where a pause is always started from, not to the top of the page.
    if (pauseEnded) pauseButton.current?.focus();
    // `t` is left out on purpose: a language switch is no arrival to announce.
  }, [state, partner]);

  const answer = (id: string, reply: CheckAnswer): void => {
    moments?.answerCheck(id, reply);
    if (reply === 'pause') startPause();
  };
  const check = (question: CheckQuestion): void => moments?.sendCheck(question);
  const ready = moments !== undefined;

  return (
    <div class="live-layer no-print">
      <div class="live-bar" inert={state.pause !== undefined || breathe.state.session !== undefined}>
        <button
          ref={pauseButton}
          type="button"
          class="pause-button"
          onClick={startPause}
          disabled={!ready || state.pause !== undefined}
          aria-keyshortcuts="Alt+P"
          title={t('live.pauseTitle', { signal: script.signalWord, partner })}
        >
          {t('live.pauseButton')}
        </button>
        <BreatheStarter partner={partner} disabled={!breathe.together} onStart={(pattern) => breathe.together?.start(pattern)} />
        <details class="live-checks">
          <summary>{t('live.gentleCheck')}</summary>
          <div class="live-checks-panel">
            <button type="button" class="button-quiet" disabled={!ready} onClick={() => check('are-you-okay')}>
              {t(QUESTION_WORDS['are-you-okay'])}
            </button>
            <button type="button" class="button-quiet" disabled={!ready} onClick={() => check('pause-help')}>
              {t(QUESTION_WORDS['pause-help'])}
            </button>
            <label class="live-minutes">
              <span>{t('live.pauseLength')}</span>
              <input
                type="number"
                inputMode="numeric"
                min={PAUSE_MINUTES.min}
                max={PAUSE_MINUTES.max}
                value={chosenMinutes}
                onInput={(e) => {
                  const value = Number((e.currentTarget as HTMLInputElement).value);
                  if (Number.isFinite(value) && value >= PAUSE_MINUTES.min && value <= PAUSE_MINUTES.max) setMinutes(Math.round(value));
                }}
              />
            </label>
            <p class="live-minutes-hint">
              {script.agreedMinutes ? t('live.minutesAgreed') : t('live.minutesOwn')}
            </p>
          </div>
        </details>
      </div>

      {state.outgoing.map((c) => (
        <OutgoingCheckNote key={c.id} check={c} partner={partner} onDismiss={() => moments?.dismissOutgoing(c.id)} />
      ))}
      {!state.pause &&
        state.incoming.map((c) => <IncomingCheckCard key={c.id} check={c} partner={partner} onAnswer={(reply) => answer(c.id, reply)} />)}
      {state.pause && <PauseScreen pause={state.pause} script={script} partner={partner} repairs={repairs} onEnd={() => moments?.endPause()} />}
      {breathe.state.session && <BreatheScreen session={breathe.state.session} partner={partner} onStop={() => breathe.together?.stop()} />}
      <RehearseLayer workbook={workbook} me={me} provider={provider} partner={partner} revision={revision} hidden={state.pause !== undefined} />
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
