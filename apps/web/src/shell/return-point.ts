/**
 * Where the person was when they quick-hid: the page's address, how far down it was scrolled,
 * and the field being written in. Held in memory only (never in the address bar, history or
 * storage), so "Back" from the neutral page returns to exactly that spot, with the draft in it.
 *
 *   const point = takeReturnPoint();     // before the app swaps to the neutral page
 *   returnTo(point);                     // on "Back": address at once, scroll and focus once shown
 */

export interface ReturnPoint {
  hash: string;
  scrollY: number;
  /** Id of the field being written in, if any, and what it held. */
  focusId: string | undefined;
  focusValue?: string;
  /**
   * The field's draft key, when it has one: the app is mounted afresh on "Back", and generated
   * ids may then differ, while the draft key names the same field.
   */
  focusKey?: string;
}

/** How many frames to wait for the page (and its drafts) to be back before giving up. */
const MAX_FRAMES = 180;

type TextBox = HTMLInputElement | HTMLTextAreaElement;

function isTextBox(el: unknown): el is TextBox {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;
}

/**
 * The field written in last. Pressing the "Quick hide" button moves focus onto the button
 * first, so the field that had focus a moment before is the one to return to.
 */
let lastField: TextBox | undefined;
if (typeof document !== 'undefined') {
  document.addEventListener('focusin', (event) => {
    const target = event.target;
    if (isTextBox(target)) lastField = target;
    else if (!(target instanceof Element && target.closest('.quick-hide'))) lastField = undefined;
  });
}

/** Read where the person is right now. */
export function takeReturnPoint(): ReturnPoint {
  const active = document.activeElement;
  const onHideButton = active instanceof Element && active.closest('.quick-hide') !== null;
  const field = isTextBox(active) ? active : onHideButton && lastField?.isConnected ? lastField : undefined;
  // Only a field with writing in it: its draft comes back, so the same text finds the same field.
  if (!field?.id || field.value === '') return { hash: location.hash || '#/', scrollY: window.scrollY, focusId: undefined };
  const key = field.dataset['draftKey'];
  return { hash: location.hash || '#/', scrollY: window.scrollY, focusId: field.id, focusValue: field.value, ...(key ? { focusKey: key } : {}) };
}

/** Put the address back now; scroll and focus once the page has rendered again. */
export function returnTo(point: ReturnPoint): void {
  history.replaceState(null, '', point.hash);
  let frames = 0;
  const settle = (): void => {
    frames += 1;
    const found = point.focusKey
      ? document.querySelector(`[data-draft-key="${CSS.escape(point.focusKey)}"]`)
      : point.focusId
        ? document.getElementById(point.focusId)
        : null;
    // Ids follow the screen's layout; the text confirms it is the very field, its draft restored.
    const field =
      (found instanceof HTMLInputElement || found instanceof HTMLTextAreaElement) && found.value === point.focusValue ? found : null;
    const tallEnough = document.documentElement.scrollHeight - window.innerHeight >= point.scrollY;
    // The workbook opens asynchronously: wait until the field (or enough page) is there again.
    if ((point.focusId ? field === null : !tallEnough) && frames < MAX_FRAMES) {
      requestAnimationFrame(settle);
      return;
    }
    window.scrollTo(0, point.scrollY);
    field?.focus({ preventScroll: true });
  };
  requestAnimationFrame(settle);
}
