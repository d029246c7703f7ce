import type { PartOf } from '../../part.js';
import type { shell as source } from '../en/shell.js';

export const shell: PartOf<typeof source> = {
  'shell.lazyFailed': "Dieser Teil von Secure Base konnte nicht geladen werden. Prüf die Verbindung und versuch es dann noch einmal.",
  'shell.tryAgain': "Noch einmal versuchen",
  'shell.loading': "Wird geladen …",
};
