/**
 * The navigation and footer of every screen of an open space (the nine sections, settings,
 * export, and the trust pages): the sections, then this person's own places (private notes,
 * devices & trust), as pills on a phone and a sidebar on a wide screen; and a footer with
 * settings, export and the fine print. Plain links, so Tab, Enter and the browser's history all
 * work as everywhere else.
 *
 *   <SpaceNav current="boundaries" />     // a section id, or 'devices' / 'private-notes' / …
 *   <SpaceFooter current="settings" />
 */
import { useI18n, type MessageKey } from '../i18n.js';
import { routeHash, type Route } from '../router.js';
import { SECTION_REGISTRY } from '../sections/registry.js';

/** Which entry is the current page: a section id or a page route's name. */
export type NavPlace = string | undefined;

const OWN_PLACES: readonly { name: 'private-notes' | 'devices'; label: MessageKey }[] = [
  { name: 'private-notes', label: 'shell.navPrivateNotes' },
  { name: 'devices', label: 'shell.navDevices' },
];

const FOOTER_PLACES: readonly { name: 'settings' | 'export'; label: MessageKey }[] = [
  { name: 'settings', label: 'shell.navSettings' },
  { name: 'export', label: 'shell.navExport' },
];

function currentMark(name: string, current: NavPlace): 'page' | undefined {
  return name === current ? 'page' : undefined;
}

/** The sections and this person's own places; `current` is marked for screen readers too. */
export function SpaceNav({ current }: { current: NavPlace }) {
  const { t } = useI18n();
  return (
    <div class="space-nav no-print">
      <nav class="section-nav" aria-label={t('shell.navSections')}>
        <ul>
          <li>
            <a href={routeHash({ name: 'home' })} aria-current={currentMark('home', current)}>
              {t('shell.navHome')}
            </a>
          </li>
          {SECTION_REGISTRY.map((entry) => (
            <li key={entry.id}>
              <a href={`#${entry.path}`} aria-current={currentMark(entry.id, current)}>
                {t(entry.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <nav class="section-nav own-nav" aria-label={t('shell.navOwn')}>
        <ul>
          {OWN_PLACES.map((place) => (
            <li key={place.name}>
              <a href={routeHash({ name: place.name } satisfies Route)} aria-current={currentMark(place.name, current)}>
                {t(place.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}

/** Settings, export, and what Secure Base is (and is not). */
export function SpaceFooter({ current }: { current: NavPlace }) {
  const { t } = useI18n();
  return (
    <footer class="space-footer no-print">
      <nav aria-label={t('shell.navMore')}>
        {FOOTER_PLACES.map((place) => (
          <a key={place.name} href={routeHash({ name: place.name })} aria-current={currentMark(place.name, current)}>
            {t(place.label)}
          </a>
        ))}
      </nav>
      <p class="fine-print">{t('shell.footerFinePrint')}</p>
    </footer>
  );
}
