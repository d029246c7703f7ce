/**
 * A small line chart of one 1–5 rating over time (one line per partner), drawn as plain SVG so
 * it costs no library. It is an image with a spoken summary, and the numbers are always one
 * click away as a table, so nobody needs to see the chart to read the trend.
 *
 *   <TrendChart title="Safety" series={[{ name: 'You', variant: 'mine', points }]} />
 */
import { useId } from 'preact/hooks';
import { useI18n, type Translate } from '../i18n.js';

export interface TrendPoint {
  /** YYYY-MM-DD */
  date: string;
  value: number;
}

export interface TrendSeries {
  name: string;
  variant: 'mine' | 'theirs';
  points: TrendPoint[];
}

interface Props {
  title: string;
  series: TrendSeries[];
  /** Words for the ends of the scale, e.g. ['not at all', 'very']. */
  scale?: [string, string];
}

const WIDTH = 320;
const HEIGHT = 150;
const PAD = { left: 26, right: 10, top: 10, bottom: 24 };

/** One rating's trend for both partners, with a text alternative. */
export function TrendChart({ title, series, scale }: Props) {
  const { t, language } = useI18n();
  const id = useId();
  const day = (date: string): string => shortDate(date, language);
  const dates = [...new Set(series.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const x = (date: string): number => {
    const i = dates.indexOf(date);
    const inner = WIDTH - PAD.left - PAD.right;
    return PAD.left + (dates.length <= 1 ? inner / 2 : (inner * i) / (dates.length - 1));
  };
  const y = (value: number): number => PAD.top + ((5 - value) * (HEIGHT - PAD.top - PAD.bottom)) / 4;
  const summary = series.map((s) => describeSeries(s, t, day)).join(' ');

  return (
    <figure class="trend" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} class="trend-title">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        class="trend-svg"
        role="img"
        aria-label={t('components.trend.spoken', { title, summary })}
        preserveAspectRatio="xMidYMid meet"
      >
        {[1, 2, 3, 4, 5].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} class="trend-grid" />
            <text x={PAD.left - 8} y={y(v) + 4} class="trend-axis" text-anchor="end">
              {v}
            </text>
          </g>
        ))}
        {dates.length > 0 && (
          <>
            <text x={x(dates[0]!)} y={HEIGHT - 6} class="trend-axis" text-anchor={dates.length === 1 ? 'middle' : 'start'}>
              {day(dates[0]!)}
            </text>
            {dates.length > 1 && (
              <text x={x(dates[dates.length - 1]!)} y={HEIGHT - 6} class="trend-axis" text-anchor="end">
                {day(dates[dates.length - 1]!)}
              </text>
            )}
          </>
        )}
        {/* The partner's line first, as wide rings, so an equal rating shows as a dot in a ring. */}
        {[...series].sort((a, b) => (a.variant === b.variant ? 0 : a.variant === 'theirs' ? -1 : 1)).map((s) => (
          <g key={s.name} class={`trend-line trend-${s.variant}`}>
            <polyline points={s.points.map((p) => `${x(p.date)},${y(p.value)}`).join(' ')} fill="none" />
            {s.points.map((p) => (
              <circle key={p.date} cx={x(p.date)} cy={y(p.value)} r={s.variant === 'theirs' ? 6 : 3.5} />
            ))}
          </g>
        ))}
      </svg>
      <p class="trend-legend" aria-hidden="true">
        {series.map((s) => (
          <span key={s.name} class={`legend-${s.variant}`}>
            <span class="legend-swatch" /> {s.name}
          </span>
        ))}
        {scale && (
          <span class="legend-scale">
            {t('components.trend.scale', { low: scale[0], high: scale[1] })}
          </span>
        )}
      </p>
      <details class="trend-table">
        <summary>{t('components.trend.asTable', { title })}</summary>
        <table>
          <caption class="visually-hidden">{t('components.trend.byDate', { title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('components.trend.date')}</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {dates.map((date) => (
              <tr key={date}>
                <th scope="row">{day(date)}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.points.find((p) => p.date === date)?.value ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** "You: 3 on 2 May, latest 4 on 9 May (up)." — the spoken version of one line. */
function describeSeries(s: TrendSeries, t: Translate, day: (date: string) => string): string {
  if (s.points.length === 0) return t('components.trend.none', { name: s.name });
  const first = s.points[0]!;
  const last = s.points[s.points.length - 1]!;
  if (s.points.length === 1) return t('components.trend.one', { name: s.name, value: last.value, date: day(last.date) });
  const direction = last.value > first.value ? 'up' : last.value < first.value ? 'down' : 'steady';
  return t('components.trend.line', {
    name: s.name,
    first: first.value,
    firstDate: day(first.date),
    last: last.value,
    lastDate: day(last.date),
    direction,
  });
}

/** '2025-05-09' → '9 May' in the reader's language (parsed as a calendar date, not UTC midnight). */
export function shortDate(date: string, language: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Date(y, m - 1, d).toLocaleDateString(language, { day: 'numeric', month: 'short' });
}
