/**
 * "Open the whole workbook": a new tab with the extension's own workbook.html, the pinned app
 * built from the web app's source and shipped inside the installed package. `tabs.create` with
 * the extension's own URL needs no `tabs` permission (that one only unlocks reading other tabs'
 * URLs and titles, which this extension never does).
 *
 *   <button onClick={openWorkbookTab}>Open the whole workbook</button>
 */
import { extensionApi } from './browser-api.js';

/** The pinned app's page inside the extension package. */
export const WORKBOOK_PAGE = 'workbook.html';

/** Open the pinned workbook in a new tab of this window. */
export function openWorkbookTab(): void {
  const api = extensionApi();
  if (!api?.tabs) {
    // Outside an extension (a page opened directly in development): a plain new tab does the same.
    window.open(WORKBOOK_PAGE, '_blank', 'noopener');
    return;
  }
  Promise.resolve(api.tabs.create({ url: api.runtime.getURL(WORKBOOK_PAGE) })).catch((err: unknown) => {
    console.warn('quick note: could not open the workbook tab:', err instanceof Error ? err.name : typeof err);
  });
}

/** The installed extension's version, as its manifest says (what the devices screen reports). */
export function installedVersion(): string {
  return extensionApi()?.runtime.getManifest().version ?? 'unknown';
}
