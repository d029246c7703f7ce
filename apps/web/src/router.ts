/**
 * A tiny hash router: routes live after `#`, so the relay never needs to know them and an
 * invite secret in `#/join/<secret>` never leaves the browser. A join or device-link secret is
 * cleared from the address bar the moment it is read (`currentRoute`), and kept in memory only.
 *
 *   const route = useRoute();           // re-renders on hashchange
 *   navigate({ name: 'space', section: 'inbox' });
 *   navigate({ name: 'help' });
 */
import { useEffect, useState } from 'preact/hooks';
import { SECTIONS as MODEL_SECTIONS, type SectionName } from '@securebase/model';

/**
 * A workbook section, named as in the model (`vocabulary`, `boundaries`, … `inbox`), or the
 * closeness ladder, which lives in the shared document beside them but is not an exported section.
 */
export type Section = SectionName | 'closeness';
export const SECTIONS: readonly Section[] = [...MODEL_SECTIONS, 'closeness'];

/** Pages of the space that are not sections: they share the open workbook with the sections. */
export type SpacePage = 'home' | 'settings' | 'export' | 'print';
const SPACE_PAGES: readonly SpacePage[] = ['home', 'settings', 'export', 'print'];

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

/** A join or device-link secret taken out of the address bar, for the flow that needs it. */
let heldSecret: Extract<Route, { name: 'join' | 'link' }> | undefined;

/**
 * The route for the current address. A `#/join/<secret>` or `#/link/<secret>` address is
 * rewritten to `#/join` / `#/link` at once (history.replaceState), so the secret leaves this
 * tab's history and the screen, and the flow reads it from memory. A reload forgets it: the
 * person opens the link again. The browser's global history of visited addresses may still
 * hold the link; no page can erase that.
 */
export function currentRoute(): Route {
  const route = parseHash(location.hash);
  if (route.name === 'join' || route.name === 'link') {
    heldSecret = route;
    history.replaceState(history.state, '', `#/${route.name}`);
    return route;
  }
  if (heldSecret && location.hash.replace(/^#\/?/, '') === heldSecret.name) return heldSecret;
  // Anywhere else, the flow is over: forget the secret.
  heldSecret = undefined;
  return route;
}

/** The current route, kept in step with the location hash. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
