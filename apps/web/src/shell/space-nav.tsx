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
import { routeHash, type Route } from '../router.js';
import { SECTION_REGISTRY } from '../sections/registry.js';

/** Which entry is the current page: a section id or a page route's name. */
export type NavPlace = string | undefined;

const OWN_PLACES: readonly { name: 'private-notes' | 'devices'; label: string }[] = [
  { name: 'private-notes', label: 'My private notes' },
  { name: 'devices', label: 'Devices & trust' },
];

const FOOTER_PLACES: readonly { name: 'settings' | 'export'; label: string }[] = [
  { name: 'settings', label: 'Settings' },
  { name: 'export', label: 'Export and print' },
];

function currentMark(name: string, current: NavPlace): 'page' | undefined {
  return name === current ? 'page' : undefined;
}

/** The sections and this person's own places; `current` is marked for screen readers too. */
export function SpaceNav({ current }: { current: NavPlace }) {
  return (
    <div class="space-nav no-print">
      <nav class="section-nav" aria-label="Workbook sections">
        <ul>
          <li>
            <a href={routeHash({ name: 'home' })} aria-current={currentMark('home', current)}>
              Home
            </a>
          </li>
          {SECTION_REGISTRY.map((entry) => (
            <li key={entry.id}>
              <a href={`#${entry.path}`} aria-current={currentMark(entry.id, current)}>
                {entry.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <nav class="section-nav own-nav" aria-label="Private notes and devices">
        <ul>
          {OWN_PLACES.map((place) => (
            <li key={place.name}>
              <a href={routeHash({ name: place.name } satisfies Route)} aria-current={currentMark(place.name, current)}>
                {place.label}
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
  return (
    <footer class="space-footer no-print">
      <nav aria-label="More">
        {FOOTER_PLACES.map((place) => (
          <a key={place.name} href={routeHash({ name: place.name })} aria-current={currentMark(place.name, current)}>
            {place.label}
          </a>
        ))}
      </nav>
      <p class="fine-print">
        Everything here is encrypted on this device before it is sent. Secure Base supports, and does not replace,
        couples therapy.
      </p>
    </footer>
  );
}
