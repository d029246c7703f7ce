/**
 * A tiny hash router: routes live after `#`, so the relay never needs to know them and an
 * invite secret in `#/join/<secret>` never leaves the browser.
 *
 *   const route = useRoute();           // re-renders on hashchange
 *   navigate({ name: 'space', section: 'inbox' });
 */
import { useEffect, useState } from 'preact/hooks';

export type Section = 'vocabulary' | 'inbox';
export const SECTIONS: readonly Section[] = ['vocabulary', 'inbox'];

export type Route =
  | { name: 'welcome' }
  | { name: 'join'; secret: string }
  | { name: 'space'; section: Section };

/** Parse a location hash (`#/space/inbox`) into a route; anything unknown is the welcome page. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'join' && parts[1]) return { name: 'join', secret: parts[1] };
  if (parts[0] === 'space') {
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
    case 'space':
      return `#/space/${route.section}`;
  }
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
