/**
 * The private trend of the tension log (lazy: it loads when "My trend" is opened): the last 7
 * and 30 days in words, the last week as simple bars (text first, the bar only decoration), the
 * level from which the pause tools are suggested, and the one deliberate way out: a short
 * summary ("This week: mostly calm, one hard evening.") shared as an inbox note only when the
 * person presses Share. Every figure comes from the model (tension-log.ts).
 *
 *   <TensionTrendView log={mine} workbook={wb} me={me} partner="Sam" revision={rev} />
 */
import { useState } from 'preact/hooks';
import {
  TENSION_LEVEL,
  shareTensionSummary,
  tensionWeek,
  type TensionWeek,
  tensionTrend,
  type PartnerId,
  type PrivateWorkbook,
  type TensionTrend,
  type TensionWindow,
  type Workbook,
} from '@securebase/model';
import { WithName, slots, useI18n, type MessageKey, type Translate } from '../i18n.js';

interface Props {
  log: PrivateWorkbook;
  workbook: Workbook;
  me: PartnerId;
  partner: string;
  /** Bumps on every change of the private workbook: the log is read again. */
  revision: number;
}

const DIRECTION_WORDS: Record<NonNullable<TensionTrend['direction']>, MessageKey> = {
  easing: 'moments.trendEasing',
  steady: 'moments.trendSteady',
  rising: 'moments.trendRising',
};

/** "Last 7 days: 4.5 on average, 3 entries." (`days`: 7 or 30). */
function windowWords(days: number, w: TensionWindow, t: Translate, number: Intl.NumberFormat): string {
  if (w.average === undefined) return t('moments.windowEmpty', { days });
  return t('moments.window', { days, average: number.format(w.average), count: w.count });
}

/** "Thu 3": short enough for a phone row; the week is the last seven days, so no month. */
function dayLabel(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${new Date(y, m - 1, d).toLocaleDateString(language, { weekday: 'short' })} ${d}`;
}

/** The week's bands in this person's words; shared, this is their note, as written. */
function weekWords(week: TensionWeek, t: Translate): string {
  return t('moments.tensionWeek', { most: week.most, hard: week.hard, hardAt: week.hardAt ?? 'none' });
}

/** The trend, the nudge level and the share button. */
export function TensionTrendView({ log, workbook, me, partner }: Props) {
  const now = Date.now();
  const entries = log.tension.list();
  const trend = tensionTrend(entries, now);
  const week = tensionWeek(entries, now);
  const nudgeFrom = log.tension.nudgeFrom();
  const [shared, setShared] = useState<string>();
  const { t, language } = useI18n();
  const summary = week && weekWords(week, t);
  const number = new Intl.NumberFormat(language);

  return (
    <div class="tension-trend">
      <h4>{t('moments.myTrend')}</h4>
      <p>{windowWords(7, trend.week, t, number)}</p>
      <p>{windowWords(30, trend.month, t, number)}</p>
      {trend.direction && <p>{t(DIRECTION_WORDS[trend.direction])}</p>}
      <ul class="tension-bars" aria-label={t('moments.barsLabel')}>
        {trend.days.map((day) => (
          <li key={day.date}>
            <span class="tension-bar-day">{dayLabel(day.date, language)}</span>
            <span class="tension-bar-track" aria-hidden="true">
              <span class="tension-bar" style={{ width: `${((day.average ?? 0) / TENSION_LEVEL.max) * 100}%` }} />
            </span>
            <span class="tension-bar-value">{day.average === undefined ? t('moments.dayEmpty') : t('moments.day', { average: number.format(day.average), highest: day.highest ?? 0 })}</span>
          </li>
        ))}
      </ul>

      <label class="tension-nudge-level">
        <span>{t('moments.nudgeFrom')}</span>
        <select
          value={nudgeFrom === undefined ? 'off' : String(nudgeFrom)}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            log.tension.setNudgeFrom(value === 'off' ? undefined : Number(value));
          }}
        >
          {Array.from({ length: TENSION_LEVEL.max }, (_, i) => i + 1).map((level) => (
            <option key={level} value={String(level)}>
              {t('moments.levelAndAbove', { level })}
            </option>
          ))}
          <option value="off">{t('moments.never')}</option>
        </select>
      </label>

      <div class="tension-share">
        <h4>
          <WithName text={t('moments.shareHeading', slots('partner'))} name={partner} />
        </h4>
        {summary ? (
          <>
            <p>{t('moments.shareHint')}</p>
            <blockquote class="tension-summary">{summary}</blockquote>
            <button
              type="button"
              class="button-quiet"
              disabled={shared === summary}
              onClick={() => {
                shareTensionSummary(log, workbook, me, now, (shown) => weekWords(shown, t));
                setShared(summary);
              }}
            >
              <WithName text={t('moments.shareWith', slots('partner'))} name={partner} />
            </button>
          </>
        ) : (
          <p class="hint">{t('moments.shareNothing')}</p>
        )}
        <p role="status" class="hint">
          {shared ? <WithName text={t('moments.shared', slots('partner'))} name={partner} /> : ''}
        </p>
      </div>
    </div>
  );
}
