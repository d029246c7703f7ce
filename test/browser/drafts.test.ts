/**
 * Nothing typed is lost (issue 11, finding 6): an unsent note and an edited meaning survive a
 * reload, leaving the page and quick-hide, and "Back" from the neutral page returns to the very
 * page and the draft; drafts are sealed in the local store (never plaintext in IndexedDB or
 * localStorage) and forgotten once sent. Screenshots: drafts-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/drafts.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpaceAs, gotoSection, screenshot, startHarness, VIEWPORTS, waitSynced, type Harness } from './helpers/index.js';

let h: Harness;
let maya: Page;

const NOTE = 'I read them standing in the kitchen, and I';
const MEANING = 'Everything is too loud at once and I need';

beforeAll(async () => {
  h = await startHarness();
  maya = await createSpaceAs(h, { name: 'Maya' });
});

afterAll(async () => {
  await h?.close();
});

/** Every value in this profile's IndexedDB and localStorage, as text, to look for plaintext. */
function storedText(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const parts: string[] = [];
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i) ?? '';
      parts.push(key, localStorage.getItem(key) ?? '');
    }
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const asText = (value: unknown): string => {
      if (typeof value === 'string') return value;
      if (value instanceof ArrayBuffer) return decoder.decode(value);
      if (ArrayBuffer.isView(value)) return decoder.decode(value);
      return JSON.stringify(value) ?? '';
    };
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name as string);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        parts.push(...values.map(asText));
      }
      db.close();
    }
    return parts.join('\n');
  });
}

/** Reload and wait until the workbook is open again. */
async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
  await waitSynced(page);
}

// A draft comes back in an effect just after its field first renders: values are polled, not read once.
const noteField = (page: Page) => page.getByRole('form', { name: 'Add a note' }).getByLabel('Note', { exact: true });

describe('an unsent note', () => {
  it('survives a reload, leaving the page and quick-hide, sealed, and is forgotten once sent', async () => {
    await gotoSection(maya, 'Inbox');
    await noteField(maya).fill(NOTE);
    // Give the sealed write its moment, then look for the words anywhere this browser keeps data.
    await maya.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await storedText(maya)).not.toContain('kitchen');

    await reload(maya);
    await expect.poll(() => noteField(maya).inputValue()).toBe(NOTE);

    await gotoSection(maya, 'Our words');
    await gotoSection(maya, 'Inbox');
    await expect.poll(() => noteField(maya).inputValue()).toBe(NOTE);

    await maya.getByRole('button', { name: 'Quick hide' }).click();
    await maya.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
    expect(await maya.content()).not.toContain('kitchen');
    await maya.getByRole('button', { name: 'Back' }).click();
    await maya.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect.poll(() => noteField(maya).inputValue()).toBe(NOTE);
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await maya.setViewportSize(viewport);
      await screenshot(maya, `drafts-inbox-restored-${width}`);
    }
    await maya.setViewportSize(VIEWPORTS.desktop);

    await maya.getByRole('form', { name: 'Add a note' }).getByRole('button', { name: 'Add note' }).click();
    await maya.getByRole('list', { name: 'Notes' }).getByText(NOTE).waitFor();
    expect(await noteField(maya).inputValue()).toBe('');
    await reload(maya);
    expect(await noteField(maya).inputValue()).toBe('');
  });
});

describe('a meaning being edited', () => {
  it('is still in its box after a reload, before it was saved', async () => {
    await gotoSection(maya, 'Our words');
    const add = maya.getByRole('form', { name: 'Add a word' });
    await add.getByLabel('Word or phrase').fill('Flooded');
    await add.getByRole('button', { name: 'Add word' }).click();
    const mine = maya.getByRole('listitem', { name: 'Flooded' }).getByLabel('What it means to me');
    await mine.fill(MEANING);
    await maya.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    await reload(maya);
    await expect.poll(() => maya.getByRole('listitem', { name: 'Flooded' }).getByLabel('What it means to me').inputValue()).toBe(MEANING);
  });
});

/** Press Escape twice: the keyboard way to quick-hide, which leaves focus where it was. */
async function quickHideByKeys(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.getByRole('heading', { name: 'Notes', exact: true }).waitFor();
}

describe('an edit in progress', () => {
  it('keeps its editor open with the changed words through a reload and quick-hide; Cancel forgets it', async () => {
    await gotoSection(maya, 'Triggers');
    const add = maya.getByRole('form', { name: 'Add a trigger' });
    await add.getByLabel('The trigger').fill('Phone face down on the table');
    await add.getByLabel('What tends to happen').fill('I start to wonder who is writing');
    await add.getByRole('button', { name: 'Add trigger' }).click();
    const card = maya.getByRole('listitem', { name: 'Trigger: Phone face down on the table' });
    await card.getByRole('button', { name: 'Edit trigger: Phone face down on the table' }).click();
    const editor = card.getByRole('form', { name: 'Edit trigger: Phone face down on the table' });
    const happens = editor.getByLabel('What tends to happen');
    await happens.fill('I start to wonder who is writing, and I go quiet');
    await maya.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));

    await reload(maya);
    await expect.poll(() => happens.inputValue()).toBe('I start to wonder who is writing, and I go quiet');

    await happens.focus();
    await quickHideByKeys(maya);
    await maya.getByRole('button', { name: 'Back' }).click();
    await happens.waitFor();
    await expect.poll(() => happens.inputValue()).toBe('I start to wonder who is writing, and I go quiet');

    await editor.getByRole('button', { name: 'Cancel' }).click();
    // Forgetting the open editor is written to the sealed store like any draft change, after the
    // click: a reload in the same instant can come before that write (seen once in CI), as it
    // would for typing, which is why the steps above wait too.
    await maya.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    await reload(maya);
    await card.getByText('I start to wonder who is writing', { exact: true }).waitFor();
    expect(await editor.count()).toBe(0);
    await card.getByRole('button', { name: 'Edit trigger: Phone face down on the table' }).click();
    await expect.poll(() => happens.inputValue()).toBe('I start to wonder who is writing');
    await editor.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('with a passphrase', () => {
  const PASSPHRASE = 'kettle on the windowsill';
  const unlock = async (): Promise<void> => {
    await maya.getByRole('heading', { name: 'Secure Base is locked' }).waitFor();
    expect(await maya.content()).not.toContain('sorry');
    await maya.getByLabel('Passphrase').fill(PASSPHRASE);
    await maya.getByRole('button', { name: 'Unlock' }).click();
    await waitSynced(maya);
  };

  it('keeps an unsent note through the lock and through quick-hide, which locks too', async () => {
    await maya.getByRole('link', { name: 'Settings' }).click();
    await maya.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await maya.getByLabel('Type it again').fill(PASSPHRASE);
    await maya.getByRole('button', { name: 'Set passphrase' }).click();
    await maya.getByText('Passphrase set.', { exact: false }).waitFor();

    await gotoSection(maya, 'Inbox');
    const text = 'I am sorry I went quiet at dinner';
    await noteField(maya).fill(text);
    await maya.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlock();
    await maya.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect.poll(() => noteField(maya).inputValue()).toBe(text);

    await noteField(maya).focus();
    await quickHideByKeys(maya);
    await maya.getByRole('button', { name: 'Back' }).click();
    await unlock();
    await maya.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect.poll(() => noteField(maya).inputValue()).toBe(text);
    expect(await storedText(maya)).not.toContain('dinner');
    expect(h.pageErrors).toEqual([]);
  });
});
