/**
 * The extension speaks through the web app's language provider (apps/web/src/i18n.tsx): one
 * choice per browser profile in the extension's localStorage, shared by popup, side panel and
 * the pinned workbook tab. The panel's pages load the first screen's words and the panel's own.
 *
 *   await renderPanel(<QuickNoteApp surface="popup" />, root);
 */
import { render, type ComponentChildren } from 'preact';
import type { Area } from '@securebase/i18n';
import { I18nProvider, startingTranslator } from '../../web/src/i18n.js';

export { LANGUAGE_KEY, LanguagePicker, WithName, Words, initialLanguage, sentence, slots, useI18n, type Said } from '../../web/src/i18n.js';

/** The words the quick-note panel shows. */
export const PANEL_AREAS: readonly Area[] = ['core', 'extension'];

/** Render a panel page in this device's language, with its title in that language. */
export async function renderPanel(page: ComponentChildren, root: HTMLElement): Promise<void> {
  const translator = await startingTranslator(PANEL_AREAS);
  render(
    <I18nProvider translator={translator} areas={PANEL_AREAS} title="panel.title">
      {page}
    </I18nProvider>,
    root,
  );
}
