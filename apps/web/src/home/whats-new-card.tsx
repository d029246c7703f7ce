/**
 * "New from Sam since you last looked on this device": the partner's new notes, shared story,
 * acknowledgements, a check-in waiting for you, new wins and responses to yours, each a link to
 * where it lives. Read through `whatsNew` (packages/model) against this device's own marker.
 *
 *   <WhatsNewCard news={whatsNew(workbook, me, seen)} partner="Sam" />
 */
import type { ComponentChildren } from 'preact';
import type { SectionName, WhatsNew } from '@securebase/model';
import { WithName, Words, slots, useI18n, type Translate } from '../i18n.js';
import { capitalise } from '../sections/partners.js';
import { KIND_LABELS } from '../labels.js';
import { routeHash } from '../router.js';
import { NARRATIVE_PARTS_TEXT } from '../sections/section-labels.js';
import { REACTION_KEYS } from './win-responses.js';

/** How many lines the card shows before "and N more". */
const SHOWN = 8;

interface Line {
  key: string;
  section: SectionName;
  body: ComponentChildren;
}

/** What the partner wrote, shortened, in quotes of this language; `dir="auto"` for its own script. */
function quote(text: string, t: Translate): ComponentChildren {
  const short = text.length > 90 ? `${text.slice(0, 88).trimEnd()}…` : text;
  return <Words text={t('home.quote', slots('text'))} parts={{ text: <span dir="auto">{short}</span> }} />;
}

function lines(news: WhatsNew, partner: string, t: Translate): Line[] {
  const out: Line[] = [];
  // The partner's name in <bdi>, capitalised only where it opens the sentence (as <WithName>).
  const named = (text: string, parts: Record<string, ComponentChildren> = {}): ComponentChildren => (
    <Words text={text} parts={{ ...parts, partner: <bdi>{text.startsWith(slots('partner').partner ?? '') ? capitalise(partner) : partner}</bdi> }} />
  );
  for (const c of news.checkinsWaiting) {
    out.push({ key: `c-${c.id}`, section: 'checkins', body: named(t('home.newCheckin', { ...slots('partner'), date: c.date })) });
  }
  for (const n of news.notes) {
    out.push({ key: `n-${n.id}`, section: 'inbox', body: <Words text={t('home.newNote', { ...slots('text'), kind: t(KIND_LABELS[n.kind]) })} parts={{ text: quote(n.text, t) }} /> });
  }
  for (const s of news.stories) {
    out.push({ key: `s-${s.part}`, section: 'narrative', body: named(t('home.newStory', { ...slots('partner'), part: t(NARRATIVE_PARTS_TEXT[s.part].title) })) });
  }
  for (const a of news.acknowledgements) {
    out.push({
      key: `a-${a.id}`,
      section: 'narrative',
      body: named(t('home.newAcknowledged', { ...slots('partner', 'text'), part: t(NARRATIVE_PARTS_TEXT[a.part].title) }), { text: quote(a.text, t) }),
    });
  }
  for (const w of news.wins) {
    out.push({ key: `w-${w.id}`, section: 'wins', body: named(t('home.newWin', slots('partner', 'text')), { text: quote(w.text, t) }) });
  }
  for (const { win, response } of news.winResponses) {
    const reaction = response.reaction ? t(REACTION_KEYS[response.reaction]) : '';
    const said = (
      <>
        {reaction}
        {reaction && response.word ? ' · ' : ''}
        {response.word ? quote(response.word, t) : ''}
      </>
    );
    out.push({ key: `r-${win.id}`, section: 'wins', body: named(t('home.newResponse', slots('partner', 'win', 'said')), { win: quote(win.text, t), said }) });
  }
  return out;
}

/** The card; `news` undefined while this device's marker is being read. */
export function WhatsNewCard({ news, partner }: { news: WhatsNew | undefined; partner: string }) {
  const { t } = useI18n();
  const all = news ? lines(news, partner, t) : [];
  return (
    <section class="card home-card" aria-labelledby="home-new-heading">
      <h3 id="home-new-heading">
        <WithName text={t('home.newHeading', slots('partner'))} name={partner} />
      </h3>
      {!news ? null : all.length === 0 ? (
        <p class="empty home-quiet">{t('home.newNothing')}</p>
      ) : (
        <>
          <ul class="home-new-list" aria-label={t('home.newHeading', { partner })}>
            {all.slice(0, SHOWN).map((line) => (
              <li key={line.key}>
                <a href={routeHash({ name: 'space', section: line.section })}>{line.body}</a>
              </li>
            ))}
          </ul>
          {all.length > SHOWN && <p class="hint">{t('home.newMore', { count: all.length - SHOWN })}</p>}
          <p class="hint">{t('home.newSince')}</p>
        </>
      )}
    </section>
  );
}
