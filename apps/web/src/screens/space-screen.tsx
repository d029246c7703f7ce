/**
 * The space: sync state, the invite panel until the partner has joined, and the sections of
 * the workbook that exist so far (vocabulary and inbox).
 *
 *   <SpaceScreen credentials={creds} store={store} section="inbox" initialName="Sam" />
 */
import { useEffect, useState } from 'preact/hooks';
import type { PartnerId, Workbook } from '@securebase/model';
import { SecureBaseError } from '@securebase/protocol';
import { fetchVerifiedMembership, type Credentials, type LocalStateStore } from '@securebase/sync';
import { InboxSection } from '../components/inbox-section.js';
import { InvitePanel } from '../components/invite-panel.js';
import { NameForm } from '../components/name-form.js';
import { SyncBadge } from '../components/sync-badge.js';
import { VocabularySection } from '../components/vocabulary-section.js';
import { routeHash, SECTIONS, type Section } from '../router.js';
import { useSpace } from '../use-space.js';

interface Props {
  credentials: Credentials;
  store: LocalStateStore;
  section: Section;
  /** A name typed on the welcome or join screen, written into the workbook once it opens. */
  initialName: string | undefined;
}

const SECTION_TITLES: Record<Section, string> = { vocabulary: 'Our words', inbox: 'Inbox' };

/** The main screen once this browser belongs to a space. */
export function SpaceScreen({ credentials, store, section, initialName }: Props) {
  const { workbook, sync, revision } = useSpace(credentials, store);
  const me = credentials.partnerId;
  const partnerInChain = usePartnerInMembership(credentials, sync.kind === 'synced');

  useEffect(() => {
    // The name field was checked when it was typed, so this write cannot be refused.
    if (workbook && initialName) workbook.members.setName(me, initialName);
  }, [workbook, initialName, me]);

  return (
    <div class="page">
      <header class="space-header">
        <p class="brand" aria-hidden="true">
          Secure Base
        </p>
        <SyncBadge sync={sync} />
      </header>
      {workbook && !partnerInChain && !partnerHasJoined(workbook, me) && <InvitePanel credentials={credentials} />}
      <nav class="section-nav" aria-label="Workbook sections">
        {SECTIONS.map((s) => (
          <a key={s} href={routeHash({ name: 'space', section: s })} aria-current={s === section ? 'page' : undefined}>
            {SECTION_TITLES[s]}
          </a>
        ))}
      </nav>
      <main>
        {!workbook ? (
          <p class="empty">Opening your workbook…</p>
        ) : section === 'vocabulary' ? (
          <VocabularySection workbook={workbook} me={me} revision={revision} />
        ) : (
          <InboxSection workbook={workbook} me={me} revision={revision} />
        )}
      </main>
      <footer class="space-footer">
        {workbook && <NameForm workbook={workbook} me={me} />}
        <p class="fine-print">
          Everything here is encrypted on this device before it is sent. Secure Base supports, and does
          not replace, couples therapy.
        </p>
      </footer>
    </div>
  );
}

/** Has the other partner left any trace in the workbook (a name, a word, a meaning, a note)? */
function partnerHasJoined(workbook: Workbook, me: PartnerId): boolean {
  const other = (id: PartnerId): boolean => id !== me;
  if (Object.keys(workbook.members.all()).some(other)) return true;
  if (workbook.vocabulary.list().some((e) => other(e.createdBy) || Object.keys(e.meanings).some(other))) return true;
  return workbook.inbox.list().some((n) => other(n.createdBy));
}

/**
 * Has a second partner joined according to the verified membership chain? Checked each time the
 * document finishes syncing, so a partner who joined but has not written anything yet counts.
 */
function usePartnerInMembership(credentials: Credentials, synced: boolean): boolean {
  const [joined, setJoined] = useState(false);
  useEffect(() => {
    if (!synced || joined) return;
    let live = true;
    fetchVerifiedMembership(credentials).then(
      (membership) => {
        if (live && membership.partners.length >= 2) setJoined(true);
      },
      (err: unknown) => {
        // Only decides whether to offer an invite; the provider reports membership problems to
        // the person itself. Keep the code for developers, never the detail (it may hold ids).
        console.warn('membership check failed:', err instanceof SecureBaseError ? err.code : String(err));
      },
    );
    return () => {
      live = false;
    };
  }, [credentials, synced, joined]);
  return joined;
}
