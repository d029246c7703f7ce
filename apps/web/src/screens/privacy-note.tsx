/**
 * What is private and what the relay can and cannot see, in plain words. Shown before anyone
 * creates or joins a space, so the choice is an informed one.
 *
 *   <PrivacyNote />
 */
import { useI18n } from '../i18n.js';

/** Two short lists: what stays between you, and what the relay sees. */
export function PrivacyNote() {
  const { t } = useI18n();
  return (
    <section class="card privacy" aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">{t('screens.privacyTitle')}</h2>
      <ul>
        <li>{t('screens.privacyEncrypted')}</li>
        <li>{t('screens.privacyRelay')}</li>
        <li>{t('screens.privacyRelaySees')}</li>
        <li>{t('screens.privacyNoTracking')}</li>
      </ul>
    </section>
  );
}
