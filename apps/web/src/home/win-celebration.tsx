/**
 * A quiet celebration of recent wins on the home: the last few wins of the past weeks, each with
 * the partner's responses and a way to respond. No streaks, no totals, no "you missed a day":
 * with no recent wins the card simply invites one.
 *
 *   <WinCelebration workbook={wb} me={me} />
 */
import type { PartnerId, Workbook } from '@securebase/model';
import { WithName, Words, slots, useI18n } from '../i18n.js';
import { routeHash } from '../router.js';
import { partnerName } from '../sections/partners.js';
import { WinResponses } from './win-responses.js';

/** How far back "recent" goes, and how many wins the home shows. */
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;
const SHOWN = 3;

export function WinCelebration({ workbook, me }: { workbook: Workbook; me: PartnerId }) {
  const { t } = useI18n();
  const since = Date.now() - RECENT_MS;
  const recent = workbook.wins
    .list()
    .filter((w) => w.createdAt >= since)
    .slice(-SHOWN)
    .reverse();
  return (
    <section class="card home-card home-wins" aria-labelledby="home-wins-heading">
      <h3 id="home-wins-heading">{t('home.winsHeading')}</h3>
      {recent.length === 0 ? (
        <p>
          <Words text={t('home.winsEmpty', slots('link'))} parts={{ link: <a href={routeHash({ name: 'space', section: 'wins' })}>{t('home.winsEmptyLink')}</a> }} />
        </p>
      ) : (
        <ul class="home-win-list" aria-label={t('home.recentWins')}>
          {recent.map((win) => (
            <li key={win.id} class="home-win" aria-label={win.text}>
              <p class="home-win-text" dir="auto">
                {win.text}
              </p>
              <p class="hint">
                {win.by === me ? t('home.noticedByYou') : <WithName text={t('home.noticedBy', slots('partner'))} name={partnerName(workbook, me, t)} />}
              </p>
              <WinResponses workbook={workbook} me={me} win={win} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
