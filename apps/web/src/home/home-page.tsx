/**
 * The home of an open space, phone first: a greeting by name, the check-in when it is due, what
 * is new from the partner since this device last looked, "Where am I now?" (the private
 * tension log, tension-card.tsx), the next check-in, one gentle prompt, a
 * quiet celebration of recent wins and, once both revealed a check-in, how it went. The section
 * navigation comes after all this on a phone (space-shell.tsx).
 *
 *   <HomePage workbook={wb} me={me} revision={rev} store={store} credentials={creds} />
 */
import { verifyAnswerCommitment } from '@securebase/crypto';
import { checkinTopics, whatsNew, type CheckInTrendPoint, type PartnerId, type Workbook } from '@securebase/model';
import type { Credentials, LocalStateStore } from '@securebase/sync';
import { sentence, useI18n, type MessageKey } from '../i18n.js';
import { routeHash } from '../router.js';
import { capitalise, partnerName } from '../sections/partners.js';
import { CheckinDueCard, NextCheckinCard } from './checkin-reminder.js';
import { promptForDay } from './gentle-prompts.js';
import { InvitationCards } from './invitation-cards.js';
import { useLastLooked } from './last-looked.js';
import { TensionCard } from './tension-card.js';
import { useCheckinDue } from './use-checkin-due.js';
import { WhatsNewCard } from './whats-new-card.js';
import { WinCelebration } from './win-celebration.js';
import './home.css';

interface Props {
  workbook: Workbook;
  me: PartnerId;
  /** Bumps on every workbook change. */
  revision: number;
  store: LocalStateStore;
  /** This device's credentials: the private tension log opens with them. */
  credentials: Credentials;
}

/** The time of day the greeting is for (a select in 'home.greeting'). */
function timeOfDay(hour: number): string {
  if (hour < 5) return 'night';
  if (hour < 12) return 'morning';
  if (hour < 18) return 'afternoon';
  return 'evening';
}

/** The home screen. */
export function HomePage({ workbook, me, revision, store, credentials }: Props) {
  const { seen } = useLastLooked(store, workbook);
  const next = useCheckinDue(workbook, revision);
  const { t } = useI18n();
  const partner = partnerName(workbook, me, t);
  const name = workbook.members.name(me);
  const news = seen ? whatsNew(workbook, me, seen) : undefined;
  const topics = checkinTopics(workbook).length;
  const prompt = promptForDay(new Date());
  return (
    <section class="home" aria-labelledby="home-heading">
      <h2 id="home-heading">
        {t('home.greeting', { time: timeOfDay(new Date().getHours()), named: name ? 'yes' : 'no', name: name ?? '' })}
      </h2>
      {next?.due.due && <CheckinDueCard />}
      <WhatsNewCard news={news} partner={partner} />
      <InvitationCards workbook={workbook} me={me} partner={partner} />
      <TensionCard workbook={workbook} me={me} credentials={credentials} store={store} />
      <section class="card home-card home-prompt" aria-labelledby="home-prompt-heading">
        <h3 id="home-prompt-heading">{t('home.promptHeading')}</h3>
        <p>{t(prompt.text)}</p>
        <a href={routeHash({ name: 'space', section: prompt.section })}>{t(prompt.action)}</a>
      </section>
      <NextCheckinCard next={next} store={store} topics={topics} />
      <WinCelebration workbook={workbook} me={me} />
      <LastTrend workbook={workbook} me={me} partner={partner} />
    </section>
  );
}

const RATINGS = [
  ['safety', 'home.safety'],
  ['closeness', 'home.closeness'],
  ['stress', 'home.stress'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** The latest check-in both partners revealed (or answered openly), side by side. */
function LastTrend({ workbook, me, partner }: { workbook: Workbook; me: PartnerId; partner: string }) {
  // Without a viewer: only what both may see (a sealed answer stays sealed until both revealed).
  const points = workbook.checkins.trend({ verify: verifyAnswerCommitment });
  const byDate = new Map<string, CheckInTrendPoint[]>();
  for (const p of points) byDate.set(p.date, [...(byDate.get(p.date) ?? []), p]);
  const last = [...byDate.entries()].filter(([, ps]) => ps.length >= 2).at(-1);
  if (!last) return null;
  const [date, ps] = last;
  const mine = ps.find((p) => p.partnerId === me);
  const theirs = ps.find((p) => p.partnerId !== me);
  if (!mine || !theirs) return null;
  return <TrendCard date={date} mine={mine} theirs={theirs} partner={partner} />;
}

function TrendCard({ date, mine, theirs, partner }: { date: string; mine: CheckInTrendPoint; theirs: CheckInTrendPoint; partner: string }) {
  const { t } = useI18n();
  return (
    <section class="card home-card" aria-labelledby="home-trend-heading">
      <h3 id="home-trend-heading">{t('home.trendHeading')}</h3>
      <p class="hint">{t('home.trendScale', { date })}</p>
      <table class="home-trend">
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('home.rating')}</span>
            </th>
            <th scope="col">{sentence(t('labels.you'))}</th>
            <th scope="col">{capitalise(partner)}</th>
          </tr>
        </thead>
        <tbody>
          {RATINGS.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{t(label)}</th>
              <td>{mine[key]}</td>
              <td>{theirs[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <a href={routeHash({ name: 'space', section: 'checkins' })}>{t('home.trendLink')}</a>
    </section>
  );
}
