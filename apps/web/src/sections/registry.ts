/**
 * The nine workbook sections and the closeness ladder the shell shows, in display order: id (the
 * model's section name, or 'closeness'), the label in the navigation, the hash path, and the
 * screen component. Every component takes the same `SectionProps`, so the shell renders whichever
 * one the route names.
 *
 *   const entry = SECTION_REGISTRY.find((s) => s.id === route.section);
 *   <entry.component workbook={wb} me={me} revision={rev} credentials={creds} store={store} />
 *   <a href={`#${entry.path}`}>{t(entry.label)}</a>
 */
import type { ComponentType } from 'preact';
import type { PartnerId, Workbook } from '@securebase/model';
import type { MessageKey } from '@securebase/i18n';
import type { Credentials, EncryptedProvider, LocalStateStore } from '@securebase/sync';
import type { Section } from '../router.js';
import { lazyScreen } from '../shell/lazy-screen.js';

/** One section's screen, loaded when first opened. */
const lazySection = (load: () => Promise<ComponentType<SectionProps>>) => lazyScreen<SectionProps>(load, 'sections');

// Each section is its own chunk, loaded when first opened: the story brings ProseMirror with it.
const AgreementsSection = lazySection(() => import('./agreements-section.js').then((m) => m.AgreementsSection));
const BoundariesSection = lazySection(() => import('./boundaries-section.js').then((m) => m.BoundariesSection));
const CheckinsSection = lazySection(() => import('./checkins-section.js').then((m) => m.CheckinsSection));
const ClosenessSection = lazySection(() => import('./closeness-section.js').then((m) => m.ClosenessSection));
const InboxSection = lazySection(() => import('./inbox-section.js').then((m) => m.InboxSection));
const NarrativeSection = lazySection(() => import('./narrative-section.js').then((m) => m.NarrativeSection));
const ReframesSection = lazySection(() => import('./reframes-section.js').then((m) => m.ReframesSection));
const TriggersSection = lazySection(() => import('./triggers-section.js').then((m) => m.TriggersSection));
const VocabularySection = lazySection(() => import('./vocabulary-section.js').then((m) => m.VocabularySection));
const WinsSection = lazySection(() => import('./wins-section.js').then((m) => m.WinsSection));

/** What every section screen receives from the shell. */
export interface SectionProps {
  /** The shared workbook (already open and syncing). */
  workbook: Workbook;
  /** This person's partner id. */
  me: PartnerId;
  /** Changes on every document change; only there so the section re-renders. */
  revision: number;
  /** This device's credentials: device keys for co-signing, keys for the private document. */
  credentials: Credentials;
  /** This device's local (encrypted) state store: the private document's offline copy. */
  store: LocalStateStore;
  /** The shared document's open provider (the mutual reveal of desires runs over it), once open. */
  provider?: EncryptedProvider | undefined;
}

export interface SectionEntry {
  id: Section;
  /** Label in the section navigation (also the section's heading), as a message key. */
  label: MessageKey;
  /** Hash path, without the `#`: `#/space/checkins`. */
  path: string;
  component: ComponentType<SectionProps>;
}

/** All nine sections and the closeness ladder (beside Boundaries), in the order the navigation lists them. */
export const SECTION_REGISTRY: readonly SectionEntry[] = [
  { id: 'vocabulary', label: 'labels.section.vocabulary', path: '/space/vocabulary', component: VocabularySection },
  { id: 'boundaries', label: 'labels.section.boundaries', path: '/space/boundaries', component: BoundariesSection },
  { id: 'closeness', label: 'labels.section.closeness', path: '/space/closeness', component: ClosenessSection },
  { id: 'narrative', label: 'labels.section.narrative', path: '/space/narrative', component: NarrativeSection },
  { id: 'agreements', label: 'labels.section.agreements', path: '/space/agreements', component: AgreementsSection },
  { id: 'triggers', label: 'labels.section.triggers', path: '/space/triggers', component: TriggersSection },
  { id: 'checkins', label: 'labels.section.checkins', path: '/space/checkins', component: CheckinsSection },
  { id: 'wins', label: 'labels.section.wins', path: '/space/wins', component: WinsSection },
  { id: 'reframes', label: 'labels.section.reframes', path: '/space/reframes', component: ReframesSection },
  { id: 'inbox', label: 'labels.section.inbox', path: '/space/inbox', component: InboxSection },
];

/** The registry entry for a section id (every route Section has one). */
export function sectionEntry(id: Section): SectionEntry {
  const entry = SECTION_REGISTRY.find((s) => s.id === id);
  if (!entry) throw new Error(`no screen registered for section ${id}`);
  return entry;
}
