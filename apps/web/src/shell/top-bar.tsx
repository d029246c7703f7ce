/**
 * The bar at the top of every screen: the name, "Getting help", "Lock" when a passphrase is
 * set, and "Quick hide". A skip link jumps keyboard users past it to the page's main content.
 *
 *   <TopBar onHide={hide} onLock={hasPassphrase ? lock : undefined} />
 */
import { routeHash } from '../router.js';
import { QuickHideButton } from './quick-hide.js';

interface Props {
  onHide: () => void;
  onLock?: (() => void) | undefined;
}

/** Move focus to the page's <main> (a plain #main link would change the hash route). */
function skipToMain(event: Event): void {
  event.preventDefault();
  const main = document.querySelector('main');
  if (!main) return;
  main.setAttribute('tabindex', '-1');
  main.focus();
}

/** The top bar. */
export function TopBar({ onHide, onLock }: Props) {
  return (
    <header class="top-bar no-print">
      <a class="skip-link" href="#" onClick={skipToMain}>
        Skip to content
      </a>
      <span class="brand" aria-hidden="true">
        Secure Base
      </span>
      <nav class="top-actions" aria-label="Always here">
        <a class="top-link" href={routeHash({ name: 'help' })}>
          Getting help
        </a>
        {onLock && (
          <button type="button" class="button-quiet top-lock" onClick={onLock}>
            Lock
          </button>
        )}
        <QuickHideButton onHide={onHide} />
      </nav>
    </header>
  );
}
