/**
 * The bar at the top of every screen: the name, "Getting help", "Lock" when a passphrase is
 * set, and "Quick hide". A skip link jumps keyboard users past it to the page's main content.
 *
 *   <TopBar onHide={hide} onLock={hasPassphrase ? lock : undefined} />
 */
import { useI18n } from '../i18n.js';
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
  const { t } = useI18n();
  return (
    <header class="top-bar no-print">
      <a class="skip-link" href="#" onClick={skipToMain}>
        {t('shell.skipToContent')}
      </a>
      <span class="brand" aria-hidden="true">
        Secure Base
      </span>
      <nav class="top-actions" aria-label={t('shell.alwaysHere')}>
        <a class="top-link" href={routeHash({ name: 'help' })}>
          {t('shell.gettingHelp')}
        </a>
        {onLock && (
          <button type="button" class="button-quiet top-lock" onClick={onLock}>
            {t('shell.lock')}
          </button>
        )}
        <QuickHideButton onHide={onHide} />
      </nav>
    </header>
  );
}
