/**
 * Issue 16, part 2, the quick-note panel: each partner picks their own language on their own
 * device. Real Chromium with the built extension, a real relay; Alex's extension is linked, then
 * switched English → Deutsch → Español. In each language a note is sent and labels are asserted;
 * the note arrives in Sam's copy of the workbook exactly as written (the partner's words are never
 * translated), the choice survives reopening the panel, `<html lang>` follows it and axe finds
 * nothing serious. Screenshots at 360 px: test-output/screenshots/extension-panel-{en,de,es}.png.
 *
 *   scripts/pnpm exec turbo run build --filter=@securebase/extension
 *   npx vitest run -c vitest.browser.config.ts test/browser/extension-languages.test.ts
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import * as Y from 'yjs';
import { Workbook } from '@securebase/model';
import { SHARED_DOC_ID } from '@securebase/protocol';
import { startRelay } from '@securebase/relay';
import { EncryptedProvider, MemoryStateStore, createDeviceLinkCode, createInviteLink, createSpace, joinSpace, type Credentials } from '@securebase/sync';
import { SCREENSHOTS, SYNC_WAIT, horizontalOverflow, launchWithExtension, seriousA11yViolations } from './helpers/index.js';

const EXTENSION_DIST = process.env.SECUREBASE_EXTENSION_DIST ?? fileURLToPath(new URL('../../apps/extension/dist', import.meta.url));
const CHROMIUM_BUILD = join(EXTENSION_DIST, 'chromium');
// reason: `ws` implements the browser WebSocket API the provider uses, but its types differ.
const WebSocketPolyfill = NodeWebSocket as unknown as typeof WebSocket;
const PASSPHRASE = 'faro tranquilo del puerto';

/** What each language must show, and a note written in it (kept exactly as written). */
const LANGUAGES = [
  {
    code: 'en', option: 'English', picker: 'Language', heading: 'In the moment', kind: 'Appreciation', submit: 'Add to our inbox',
    noteLabel: 'Note', sent: 'Notes sent from this extension', delivered: 'Delivered', invite: 'Invite your partner to talk', tap: 'Tap where you are:',
    note: 'Thank you for listening last night.',
  },
  {
    code: 'de', option: 'Deutsch', picker: 'Sprache', heading: 'Gerade jetzt', kind: 'Wertschätzung', submit: 'In unseren Eingang legen',
    noteLabel: 'Notiz', sent: 'Notizen, die von dieser Erweiterung gesendet wurden', delivered: 'Angekommen', invite: 'Dein Gegenüber zum Gespräch einladen', tap: 'Tippe, wo du gerade stehst:',
    // English words inside a German-speaking partner's note stay English: nothing is translated.
    note: 'Danke fürs Zuhören gestern – it meant a lot.',
  },
  {
    code: 'es', option: 'Español', picker: 'Idioma', heading: 'En este momento', kind: 'Algo que valoro', submit: 'Añadir a nuestra bandeja',
    noteLabel: 'Nota', sent: 'Notas enviadas desde esta extensión', delivered: 'Entregada', invite: 'Invitar a tu pareja a hablar', tap: 'Toca dónde estás:',
    note: 'Gracias por el té de esta mañana, cariño.',
  },
] as const;

let relay: Awaited<ReturnType<typeof startRelay>>;
let dataDir: string;
let profileDir: string;
let context: BrowserContext;
let extensionId: string;
let alex: Credentials;
let samsBook: Workbook;
let samsProvider: EncryptedProvider;
const pageErrors: string[] = [];

async function openPanel(): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  page.setDefaultTimeout(SYNC_WAIT);
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html`);
  return page;
}

beforeAll(async () => {
  if (!existsSync(join(CHROMIUM_BUILD, 'manifest.json'))) {
    throw new Error(`${CHROMIUM_BUILD} is missing: run \`scripts/pnpm exec turbo run build --filter=@securebase/extension\` first.`);
  }
  dataDir = await mkdtemp(join(tmpdir(), 'securebase-extlang-relay-'));
  profileDir = await mkdtemp(join(tmpdir(), 'securebase-extlang-profile-'));
  relay = await startRelay({ host: '127.0.0.1', port: 0, dataDir });
  ({ context, extensionId } = await launchWithExtension(profileDir, { build: CHROMIUM_BUILD, viewport: { width: 360, height: 900 } }));

  alex = await createSpace(relay.url);
  // Sam, through the sync API: the partner's copy of the workbook, read as it arrives.
  const sam = await joinSpace((await createInviteLink(alex)).link);
  const doc = new Y.Doc({ gc: false });
  samsBook = new Workbook(doc);
  samsProvider = new EncryptedProvider(relay.url, SHARED_DOC_ID, doc, { credentials: sam, store: new MemoryStateStore(), WebSocketPolyfill });
  await samsProvider.whenSynced();
});

afterAll(async () => {
  await samsProvider?.destroy();
  await context?.close();
  await relay?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

describe('the quick-note panel in each partner’s own language', () => {
  it('links in English, then sends a note in English, German and Spanish, each kept as written', { timeout: 120_000 }, async () => {
    const panel = await openPanel();
    // Headless Chromium reports en-US: English is the default.
    await panel.getByRole('heading', { name: 'Link this extension to your Secure Base' }).waitFor();
    expect(await panel.evaluate(() => document.documentElement.lang)).toBe('en');
    // The link screen has the picker too: someone may need German before they can read the steps.
    await panel.getByRole('combobox', { name: 'Language', exact: true }).selectOption({ label: 'Deutsch' });
    await panel.getByRole('heading', { name: 'Verbinde diese Erweiterung mit deiner Secure Base' }).waitFor();
    await panel.getByText('securebase device link', { exact: true }).waitFor();
    expect(await seriousA11yViolations(panel)).toEqual([]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await panel.screenshot({ path: join(SCREENSHOTS, 'extension-link-de.png'), fullPage: true });
    await panel.getByRole('combobox', { name: 'Sprache', exact: true }).selectOption({ label: 'English' });
    const link = await createDeviceLinkCode(alex);
    await panel.getByLabel('Device link code').fill(link.code);
    await panel.getByRole('button', { name: 'Link this extension' }).click();
    await link.waitForRequest({ pollMs: 200 });
    await link.approve();
    await panel.locator('[data-sync="synced"]').waitFor();

    let current = 'Language';
    for (const lang of LANGUAGES) {
      await panel.getByRole('combobox', { name: current, exact: true }).selectOption({ label: lang.option });
      current = lang.picker;
      await expect.poll(() => panel.evaluate(() => document.documentElement.lang)).toBe(lang.code);
      await panel.getByRole('heading', { name: lang.heading, exact: true }).waitFor();
      await panel.getByText(lang.invite, { exact: true }).waitFor();
      // "Where am I now?" is the web app's component: the panel hands it its own words.
      await panel.getByText(lang.tap).first().waitFor();

      await panel.getByRole('combobox', { name: lang.code === 'en' ? 'Kind of note' : lang.code === 'de' ? 'Art der Notiz' : 'Tipo de nota' }).selectOption({ label: lang.kind });
      await panel.getByLabel(lang.noteLabel, { exact: true }).fill(lang.note);
      await panel.getByRole('button', { name: lang.submit }).click();
      const item = panel.getByRole('list', { name: lang.sent }).getByRole('listitem', { name: lang.note });
      await item.getByText(lang.delivered, { exact: true }).waitFor();
      // Sam's copy holds the words exactly as Alex wrote them, in whatever language Alex wrote.
      await expect.poll(() => samsBook.inbox.list().some((n) => n.text === lang.note && n.kind === 'appreciation'), { timeout: SYNC_WAIT }).toBe(true);

      expect(await horizontalOverflow(panel), lang.code).toEqual([]);
      expect(await seriousA11yViolations(panel), lang.code).toEqual([]);
      await panel.screenshot({ path: join(SCREENSHOTS, `extension-panel-${lang.code}.png`), fullPage: true });
    }

    // The longest words: a pause of one's own and the invitation form, in German.
    await panel.getByRole('combobox', { name: 'Idioma', exact: true }).selectOption({ label: 'Deutsch' });
    // A notice already on screen changes language with everything else.
    await panel.getByText('Liegt jetzt in eurem gemeinsamen Eingang.', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Pause', exact: true }).click();
    await panel.getByText('Du hast um eine Pause gebeten', { exact: true }).waitFor();
    await panel.getByText(/· an dein Gegenüber gesendet$/).waitFor();
    await panel.getByText('Dein Gegenüber zum Gespräch einladen', { exact: true }).click();
    await panel.getByLabel('Möchtest du noch etwas dazuschreiben? (optional)').waitFor();
    expect(await horizontalOverflow(panel)).toEqual([]);
    expect(await seriousA11yViolations(panel)).toEqual([]);
    await panel.screenshot({ path: join(SCREENSHOTS, 'extension-panel-de-pause-invite.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Pause für uns beide beenden' }).click();
    await panel.getByText('Du hast um eine Pause gebeten', { exact: true }).waitFor({ state: 'detached' });
    await panel.getByRole('combobox', { name: 'Sprache', exact: true }).selectOption({ label: 'Español' });

    // Notes written earlier keep their words; only the panel's own labels follow the language.
    const list = panel.getByRole('list', { name: LANGUAGES[2].sent });
    for (const lang of LANGUAGES) await list.getByRole('listitem', { name: lang.note }).getByText(lang.note, { exact: true }).waitFor();
    await panel.close();

    // The choice is this device's: reopening the panel keeps Español.
    const again = await openPanel();
    await again.getByRole('heading', { name: 'En este momento', exact: true }).waitFor();
    expect(await again.evaluate(() => [document.documentElement.lang, document.title, localStorage.getItem('securebase.language')])).toEqual(['es', 'Secure Base: nota rápida', 'es']);

    // Locking and unlocking speak it too.
    await again.getByText('Bloquear con una frase de contraseña', { exact: true }).click();
    await again.getByLabel('Nueva frase de contraseña').fill('corto');
    await again.getByLabel('Repite la frase de contraseña').fill('corto');
    await again.getByRole('button', { name: 'Guardar la frase' }).click();
    await again.getByText('Usa al menos 8 caracteres.', { exact: true }).waitFor();
    await again.getByLabel('Nueva frase de contraseña').fill(PASSPHRASE);
    await again.getByLabel('Repite la frase de contraseña').fill(PASSPHRASE);
    await again.getByRole('button', { name: 'Guardar la frase' }).click();
    await again.getByRole('button', { name: 'Bloquear', exact: true }).click();
    await again.getByRole('heading', { name: 'Bloqueada' }).waitFor();
    expect(await seriousA11yViolations(again)).toEqual([]);
    await again.screenshot({ path: join(SCREENSHOTS, 'extension-lock-es.png'), fullPage: true });
    await again.getByLabel('Frase de contraseña', { exact: true }).fill(PASSPHRASE);
    await again.getByRole('button', { name: 'Desbloquear' }).click();
    await again.getByRole('heading', { name: 'En este momento', exact: true }).waitFor();
    for (const [name, width] of [['phone', 390], ['desktop', 1280]] as const) {
      await again.setViewportSize({ width, height: 900 });
      expect(await horizontalOverflow(again), name).toEqual([]);
      await again.screenshot({ path: join(SCREENSHOTS, `extension-panel-es-${name}.png`), fullPage: true });
    }
    await again.close();

    // Nothing about the language went into the shared workbook: Sam's copy has only the three notes.
    expect(samsBook.inbox.list().map((n) => n.text).sort()).toEqual(LANGUAGES.map((l) => l.note).sort());
    expect(pageErrors).toEqual([]);
  });
});
