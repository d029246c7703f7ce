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
  tensionSummary,
  tensionTrend,
  type PartnerId,
  type PrivateWorkbook,
  type TensionTrend,
  type TensionWindow,
  type Workbook,
} from '@securebase/model';
import { capitalise } from '../sections/partners.js';

interface Props {
  log: PrivateWorkbook;
  workbook: Workbook;
  me: PartnerId;
  partner: string;
  /** Bumps on every change of the private workbook: the log is read again. */
  revision: number;
}

const DIRECTION_WORDS: Record<NonNullable<TensionTrend['direction']>, string> = {
  easing: 'Easing compared with the weeks before.',
  steady: 'About the same as the weeks before.',
  rising: 'Higher than the weeks before.',
};

function windowWords(label: string, w: TensionWindow): string {
  if (w.average === undefined) return `${label}: nothing noted.`;
  return `${label}: ${w.average} on average, ${w.count} ${w.count === 1 ? 'entry' : 'entries'}.`;
}

/** "Thu 3": short enough for a phone row; the week is the last seven days, so no month. */
function dayLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${new Date(y, m - 1, d).toLocaleDateString(undefined, { weekday: 'short' })} ${d}`;
}

/** The trend, the nudge level and the share button. */
export function TensionTrendView({ log, workbook, me, partner }: Props) {
  const now = Date.now();
  const entries = log.tension.list();
  const trend = tensionTrend(entries, now);
  const summary = tensionSummary(entries, now);
  const nudgeFrom = log.tension.nudgeFrom();
  const [shared, setShared] = useState<string>();
  const Partner = capitalise(partner);

  return (
    <div class="tension-trend">
      <h4>My trend</h4>
      <p>{windowWords('Last 7 days', trend.week)}</p>
      <p>{windowWords('Last 30 days', trend.month)}</p>
      {trend.direction && <p>{DIRECTION_WORDS[trend.direction]}</p>}
      <ul class="tension-bars" aria-label="The last 7 days, on average">
        {trend.days.map((day) => (
          <li key={day.date}>
            <span class="tension-bar-day">{dayLabel(day.date)}</span>
            <span class="tension-bar-track" aria-hidden="true">
              <span class="tension-bar" style={{ width: `${((day.average ?? 0) / TENSION_LEVEL.max) * 100}%` }} />
            </span>
            <span class="tension-bar-value">{day.average === undefined ? 'nothing noted' : `${day.average}, highest ${day.highest}`}</span>
          </li>
        ))}
      </ul>

      <label class="tension-nudge-level">
        <span>Suggest a pause from</span>
        <select
          value={nudgeFrom === undefined ? 'off' : String(nudgeFrom)}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            log.tension.setNudgeFrom(value === 'off' ? undefined : Number(value));
          }}
        >
          {Array.from({ length: TENSION_LEVEL.max }, (_, i) => i + 1).map((level) => (
            <option key={level} value={String(level)}>
              {level} and above
            </option>
          ))}
          <option value="off">Never</option>
        </select>
      </label>

      <div class="tension-share">
        <h4>Share a summary with {Partner}?</h4>
        {summary ? (
          <>
            <p>Only these words would be shared, as a note in your inbox. Your numbers and your own words stay here.</p>
            <blockquote class="tension-summary">{summary}</blockquote>
            <button
              type="button"
              class="button-quiet"
              disabled={shared === summary}
              onClick={() => {
                shareTensionSummary(log, workbook, me, now);
                setShared(summary);
              }}
            >
              Share with {Partner}
            </button>
          </>
        ) : (
          <p class="hint">Nothing noted this week, so there is nothing to share.</p>
        )}
        <p role="status" class="hint">
          {shared ? `Shared with ${Partner} in your inbox.` : ''}
        </p>
      </div>
    </div>
  );
}
