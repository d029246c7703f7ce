/**
 * "New from Sam since you last looked on this device": the partner's new notes, shared story,
 * acknowledgements, a check-in waiting for you, new wins and responses to yours, each a link to
 * where it lives. Read through `whatsNew` (packages/model) against this device's own marker.
 *
 *   <WhatsNewCard news={whatsNew(workbook, me, seen)} partner="Sam" />
 */
import type { ComponentChildren } from 'preact';
import { WIN_REACTION_LABELS, type SectionName, type WhatsNew } from '@securebase/model';
import { KIND_LABELS } from '../labels.js';
import { routeHash } from '../router.js';
import { capitalise } from '../sections/partners.js';
import { NARRATIVE_PARTS_TEXT } from '../sections/section-labels.js';

/** How many lines the card shows before "and N more". */
const SHOWN = 8;

interface Line {
  key: string;
  section: SectionName;
  body: ComponentChildren;
}

function quote(text: string): string {
  const short = text.length > 90 ? `${text.slice(0, 88).trimEnd()}…` : text;
  return `“${short}”`;
}

function lines(news: WhatsNew, partner: string): Line[] {
  const who = capitalise(partner);
  const out: Line[] = [];
  for (const c of news.checkinsWaiting) {
    out.push({ key: `c-${c.id}`, section: 'checkins', body: `${who} answered the check-in of ${c.date}: yours is waiting when you are ready.` });
  }
  for (const n of news.notes) {
    out.push({ key: `n-${n.id}`, section: 'inbox', body: <>{KIND_LABELS[n.kind]}: <span dir="auto">{quote(n.text)}</span></> });
  }
  for (const s of news.stories) {
    out.push({ key: `s-${s.part}`, section: 'narrative', body: `${who} shared their story: ${NARRATIVE_PARTS_TEXT[s.part].title}.` });
  }
  for (const a of news.acknowledgements) {
    out.push({
      key: `a-${a.id}`,
      section: 'narrative',
      body: (
        <>
          {who} acknowledged your story ({NARRATIVE_PARTS_TEXT[a.part].title}): <span dir="auto">{quote(a.text)}</span>
        </>
      ),
    });
  }
  for (const w of news.wins) {
    out.push({ key: `w-${w.id}`, section: 'wins', body: <>A win {partner} noticed: <span dir="auto">{quote(w.text)}</span></> });
  }
  for (const { win, response } of news.winResponses) {
    const said = [response.reaction ? WIN_REACTION_LABELS[response.reaction] : '', response.word ? quote(response.word) : ''].filter(Boolean).join(' · ');
    out.push({
      key: `r-${win.id}`,
      section: 'wins',
      body: (
        <>
          {who} responded to your win <span dir="auto">{quote(win.text)}</span>: <span dir="auto">{said}</span>
        </>
      ),
    });
  }
  return out;
}

/** The card; `news` undefined while this device's marker is being read. */
export function WhatsNewCard({ news, partner }: { news: WhatsNew | undefined; partner: string }) {
  const all = news ? lines(news, partner) : [];
  return (
    <section class="card home-card" aria-labelledby="home-new-heading">
      <h3 id="home-new-heading">New from {partner}</h3>
      {!news ? null : all.length === 0 ? (
        <p class="empty home-quiet">Nothing new since you last looked on this device.</p>
      ) : (
        <>
          <ul class="home-new-list" aria-label={`New from ${partner}`}>
            {all.slice(0, SHOWN).map((line) => (
              <li key={line.key}>
                <a href={routeHash({ name: 'space', section: line.section })}>{line.body}</a>
              </li>
            ))}
          </ul>
          {all.length > SHOWN && <p class="hint">And {all.length - SHOWN} more in the sections below.</p>}
          <p class="hint">Since you last looked on this device. Only this device knows when that was.</p>
        </>
      )}
    </section>
  );
}
