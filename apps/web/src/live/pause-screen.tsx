/**
 * The calm full-screen card of a pause, the same on both partners' screens: who asked, the
 * couple's pause signal, a visible timer, the agreed de-escalation steps, what each does meanwhile,
 * and the "come back" step when the time is up. Either partner can end it for both. Escape does
 * not close it (a partner's pause is not dismissed by a stray key; quick-hide, Escape twice,
 * still hides the whole app). The top bar stays visible above it, so help and quick-hide are
 * always one tap away.
 *
 * The timer's time left is on this device's clock (LiveMoments placed a partner's pause on it).
 * The element carries it (data-pause-left-ms) and the instant it was computed on the page's
 * monotonic clock (data-pause-at): the test compares both screens' timers from these.
 *
 *   <PauseScreen pause={state.pause} script={pauseScript(workbook, t)} partner="Sam" onEnd={end} />
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ActivePause } from '@securebase/sync';
import { WithName, slots, useI18n } from '../i18n.js';
import { PauseRepair, type RepairChoice } from './pause-repair.js';
import type { PauseScript } from './pause-script.js';

interface Props {
  pause: ActivePause;
  script: PauseScript;
  /** The couple's triggers with a repair sequence, to name one and see its repair. */
  repairs?: readonly RepairChoice[];
  /** The partner's name as the screens say it ("Sam", "your partner"). */
  partner: string;
  onEnd: () => void;
}

/** "12:05" from milliseconds (rounded up, so it never shows 0:00 while time is left). */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** Keep the card below the top bar, whatever its height at this width. */
export function useTopBarOffset(): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const measure = (): void => {
      const bar = document.querySelector('.top-bar');
      setOffset(bar ? Math.max(0, bar.getBoundingClientRect().bottom) : 0);
    };
    window.scrollTo(0, 0);
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, []);
  return offset;
}

/** Everything behind the card is inert while it shows: no tabbing into a page you cannot see. */
export function useInertSiblings(ref: { current: HTMLElement | null }): void {
  useEffect(() => {
    const layer = ref.current?.closest('.live-layer');
    const parent = layer?.parentElement;
    if (!layer || !parent) return undefined;
    const others = Array.from(parent.children).filter((el): el is HTMLElement => el !== layer && el instanceof HTMLElement && !el.inert);
    for (const el of others) el.inert = true;
    return () => {
      for (const el of others) el.inert = false;
    };
  }, [ref]);
}

/** The pause card. */
export function PauseScreen({ pause, script, partner, onEnd, repairs = [] }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const top = useTopBarOffset();
  useInertSiblings(root);
  // Read together: the time left on the app's clock and the same instant on the page's monotonic one.
  const at = performance.timeOrigin + performance.now();
  const remaining = pause.endsAt - Date.now();
  const timeUp = remaining <= 0;

  const { t } = useI18n();
  useEffect(() => {
    heading.current?.focus();
  }, [pause.id]);

  const title = pause.mine ? t('live.youPaused') : <WithName text={t('live.partnerPaused', slots('partner'))} name={partner} />;
  return (
    <div
      ref={root}
      class="pause-screen"
      style={{ top: `${top}px` }}
      role="dialog"
      aria-labelledby="pause-title"
      aria-describedby="pause-signal"
    >
      <div class="pause-card">
        <h2 id="pause-title" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <p id="pause-signal" class="pause-signal" dir="auto">
          {t('live.signal', { signal: pause.signalWord })}
        </p>
        <p class="pause-reassure">
          {pause.mine ? <WithName text={t('live.reassureMine', slots('partner'))} name={partner} /> : t('live.reassureTheirs')}
        </p>
        {pause.mine && pause.delivery === 'queued' && (
          <p class="pause-delivery" data-delivery="queued">
            <WithName text={t('live.pauseNotSent', slots('partner'))} name={partner} />
          </p>
        )}
        {pause.mine && pause.delivery === 'sent' && (
          <p class="pause-delivery" data-delivery="sent">
            <WithName text={t('live.pauseSentTo', slots('partner'))} name={partner} />
          </p>
        )}

        <div class="pause-timer-box">
          {timeUp ? (
            <p class="pause-timer-done">{t('live.timeUp')}</p>
          ) : (
            <>
              <p class="pause-timer-label" id="pause-timer-label">
                {t('live.backTogetherIn')}
              </p>
              <p
                class="pause-timer"
                role="timer"
                aria-labelledby="pause-timer-label"
                data-pause-left-ms={Math.round(remaining)}
                data-pause-at={Math.round(at)}
              >
                {clockText(remaining)}
              </p>
              <p class="pause-timer-note">{t('live.minutesInAll', { count: pause.minutes })}</p>
            </>
          )}
        </div>

        {!timeUp && script.steps.length > 0 && (
          <section aria-labelledby="pause-steps-title">
            <h3 id="pause-steps-title">{t('live.ourSteps')}</h3>
            <ol class="pause-steps">
              {script.steps.map((step, i) => (
                <li key={i} dir="auto">
                  {step}
                </li>
              ))}
            </ol>
          </section>
        )}
        {!timeUp && script.meanwhile && (
          <section aria-labelledby="pause-meanwhile-title">
            <h3 id="pause-meanwhile-title">{t('live.meanwhile')}</h3>
            <p dir="auto">{script.meanwhile}</p>
          </section>
        )}
        <section aria-labelledby="pause-come-back-title" class={timeUp ? 'pause-come-back is-now' : 'pause-come-back'}>
          <h3 id="pause-come-back-title">{timeUp ? t('home.now') : t('live.whenUp')}</h3>
          <p dir="auto">{script.comeBack}</p>
        </section>
        <PauseRepair repairs={repairs} />

        <button type="button" class="button-primary pause-end" onClick={onEnd}>
          {timeUp ? t('live.weAreBack') : t('live.endForBoth')}
        </button>
      </div>
    </div>
  );
}
