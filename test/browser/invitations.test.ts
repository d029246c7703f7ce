/**
 * Issue 17, part 4 — invitations to talk about a fear or a desire, with two partners in real
 * Chromium. Alex writes one from the home (a built-in framing and a word of her own); Sam's home
 * shows it with two one-tap answers; "Later" reaches Alex as "would like to, later" and Sam can
 * still say yes; the yes reaches Alex. Before Sam answers, Alex's card says only that it waits:
 * nothing tells her it was seen. An invitation in own words only needs the words, and the sender
 * can take it back (gone from Sam's home). axe clean at both widths. Screenshots: invitations-*.png.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/invitations.test.ts
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAtBothWidths,
  createPair,
  gotoSection,
  type Harness,
  startHarness,
} from './helpers/index.js';

let h: Harness;
let alex: Page;
let sam: Page;

const FRAMING = 'Is there a worry you have been carrying? I would like to listen, without fixing anything.';

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
});

afterAll(async () => {
  await h?.close();
});


describe('invitations to talk', () => {
  it('carries a framing to the partner, who answers later and then yes, with no "seen" in between', async () => {
    await gotoSection(alex, 'Home');
    await gotoSection(sam, 'Home');
    const invite = alex.getByRole('region', { name: 'Invite Sam to talk' });
    await invite.getByRole('button', { name: 'Write an invitation' }).click();
    const form = invite.getByRole('form', { name: 'Write an invitation' });
    await form.getByRole('radio', { name: 'A fear', exact: true }).check();
    await form.getByRole('radio', { name: FRAMING, exact: true }).check();
    await form.getByLabel('Anything to add (optional)').fill('Maybe on Sunday, after the walk?');
    await checkAtBothWidths(alex, 'invitations-form');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    const mine = invite.getByRole('list', { name: 'Your invitations' });
    await mine.getByText('Waiting, whenever Sam is ready.').waitFor();

    const card = sam.getByRole('region', { name: 'Alex invites you to talk about a fear' });
    await card.getByText(`${FRAMING} Maybe on Sunday, after the walk?`).waitFor();
    await checkAtBothWidths(sam, 'invitations-received');
    // Sam has seen it; Alex's card still only waits.
    expect(await mine.textContent()).not.toMatch(/\b(seen|read|opened)\b/i);

    await card.getByRole('button', { name: 'Later' }).click();
    await card.getByText('You said later. It waits here, whenever you are ready.').waitFor();
    await mine.getByText('Sam would like to, later.').waitFor();
    await card.getByRole('button', { name: 'Yes, let’s talk' }).click();
    await card.waitFor({ state: 'detached' });
    await mine.getByText('Sam said yes. Find a calm time together.').waitFor();
    await sam.getByRole('list', { name: 'Invitations from Alex you said yes to' }).getByText('You said yes to talking about a fear', { exact: false }).waitFor();
  });

  it('needs own words when no framing is chosen, and can be taken back', async () => {
    const invite = alex.getByRole('region', { name: 'Invite Sam to talk' });
    await invite.getByRole('button', { name: 'Write an invitation' }).click();
    const form = invite.getByRole('form', { name: 'Write an invitation' });
    await form.getByRole('radio', { name: 'A desire', exact: true }).check();
    await form.getByRole('radio', { name: 'Only my own words', exact: true }).check();
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    await form.getByText('Please write something here first.').waitFor();
    await form.getByLabel('My words').fill('Could we dance in the kitchen again?');
    await form.getByRole('button', { name: 'Send the invitation' }).click();
    const card = sam.getByRole('region', { name: 'Alex invites you to talk about a desire' });
    await card.getByText('Could we dance in the kitchen again?').waitFor();

    const mine = invite.getByRole('list', { name: 'Your invitations' }).getByRole('listitem').filter({ hasText: 'dance in the kitchen' });
    await mine.getByRole('button', { name: 'Take back' }).click();
    await card.waitFor({ state: 'detached' });
  });
});
