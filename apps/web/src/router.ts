/**
 * A tiny hash router: routes live after `#`, so the relay never needs to know them and an
 * invite secret in `#/join/<secret>` never leaves the browser.
 *
 *   const route = useRoute();           // re-renders on hashchange
 *   navigate({ name: 'space', section: 'inbox' });
 *   navigate({ name: 'help' });
 */
import { useEffect, useState } from 'preact/hooks';
import { SECTIONS as MODEL_SECTIONS, type SectionName } from '@securebase/model';

/** A workbook section, named as in the model (`vocabulary`, `boundaries`, … `inbox`). */
export type Section = SectionName;
export const SECTIONS: readonly Section[] = MODEL_SECTIONS;

/** Pages of the space that are not sections: they share the open workbook with the sections. */
export type SpacePage = 'settings' | 'export' | 'print';
const SPACE_PAGES: readonly SpacePage[] = ['settings', 'export', 'print'];

/** Trust pages of an open space (apps/web/src/trust): devices & safety number, private notes, leaving. */
export type TrustPage = 'devices' | 'private-notes' | 'leave';
const TRUST_PAGES: readonly TrustPage[] = ['devices', 'private-notes', 'leave'];

export type Route =
  | { name: 'welcome' }
  | { name: 'join'; secret: string }
  | { name: 'link'; secret: string }
  | { name: TrustPage }
  | { name: 'help' }
  | { name: 'space'; section: Section }
  | { name: SpacePage };

/** Parse a location hash (`#/space/inbox`) into a route; anything unknown is the welcome page. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const head = parts[0] ?? '';
  if (head === 'join' && parts[1]) return { name: 'join', secret: parts[1] };
  if (head === 'link' && parts[1]) return { name: 'link', secret: parts[1] };
  const trustPage = TRUST_PAGES.find((p) => p === head);
  if (trustPage) return { name: trustPage };
  if (head === 'help') return { name: 'help' };
  const page = SPACE_PAGES.find((p) => p === head);
  if (page) return { name: page };
  if (head === 'space') {
    const section = SECTIONS.find((s) => s === parts[1]) ?? 'vocabulary';
    return { name: 'space', section };
  }
  return { name: 'welcome' };
}

/** The hash for a route, e.g. `#/space/inbox`. */
export function routeHash(route: Route): string {
  switch (route.name) {
    case 'welcome':
      return '#/';
    case 'join':
      return `#/join/${route.secret}`;
    case 'link':
      return `#/link/${route.secret}`;
    case 'space':
      return `#/space/${route.section}`;
    default:
      return `#/${route.name}`;
  }
}

/** True for the routes that need an open space (sections, settings, export, print). */
export function isSpaceRoute(route: Route): route is { name: 'space'; section: Section } | { name: SpacePage } {
  return route.name === 'space' || SPACE_PAGES.some((p) => p === route.name);
}

/** True for the trust pages, which also need an open space. */
export function isTrustRoute(route: Route): route is { name: TrustPage } {
  return TRUST_PAGES.some((p) => p === route.name);
}

/**
 * Go to a route. `replace` rewrites the current history entry instead of adding one: used after
 * joining so the spent invite secret does not linger in the back-button history.
 */
export function navigate(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  const hash = routeHash(route);
  if (replace) {
    history.replaceState(null, '', hash);
    // replaceState does not fire hashchange; tell the listeners ourselves.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** The current route, kept in step with the location hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
