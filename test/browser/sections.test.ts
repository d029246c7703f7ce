/**
 * Browser end-to-end for the nine workbook sections: two partners in two browser profiles (Alex
 * at desktop width, Sam at phone width) paired through a real relay, each section used end to
 * end through the UI. Every section is checked with axe-core and for sideways overflow at both
 * widths, and screenshotted into test-output/screenshots/sections-*.png for a human to look at.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/sections.test.ts
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPair,
  gotoSection,
  horizontalOverflow,
  screenshot,
  seriousA11yViolations,
  startHarness,
  waitGone,
  waitSynced,
  type Harness,
} from './helpers/index.js';

let h: Harness;
let alex: Page;
let sam: Page;

beforeAll(async () => {
  h = await startHarness();
  ({ alex, sam } = await createPair(h));
});

afterAll(async () => {
  await h?.close();
});

/** axe (no serious or critical violations), no sideways overflow, and a screenshot, for both people. */
async function checkScreens(section: string): Promise<void> {
  for (const [page, width] of [
    [alex, 'desktop'],
    [sam, 'phone'],
  ] as const) {
    expect(await seriousA11yViolations(page), `${section} at ${width} width`).toEqual([]);
    expect(await horizontalOverflow(page), `${section} overflows at ${width} width`).toEqual([]);
    await screenshot(page, `sections-${section}-${width}`);
  }
}

async function bothGoTo(label: string): Promise<void> {
  await gotoSection(alex, label);
  await gotoSection(sam, label);
}

function card(page: Page, list: string, name: string): Locator {
  return page.getByRole('list', { name: list, exact: true }).getByRole('listitem', { name, exact: true });
}

describe('workbook sections, two partners', () => {
  it('vocabulary: words with both meanings, and agreed pause signals highlighted', async () => {
    await bothGoTo('Our words');
    await alex.getByLabel('Word or phrase').fill('Would it help if we pause?');
    await alex.getByLabel('Kind of word').selectOption('signal');
    await alex.getByLabel('What it means to me', { exact: true }).fill('I am close to flooding and need twenty minutes.');
    await alex.getByRole('button', { name: 'Add word' }).click();
    const signals = sam.getByLabel('Our pause and safety signals', { exact: true });
    await signals.getByText('Would it help if we pause?').waitFor();
    await card(sam, 'Our words', 'Would it help if we pause?').getByText('I am close to flooding').waitFor();
    await checkScreens('vocabulary');
  });

  it('boundaries: a private draft stays invisible to the partner until it is shared; a no stays theirs', async () => {
    await bothGoTo('Boundaries');
    const draft = async (topic: string, answer: string, note: string): Promise<void> => {
      const form = alex.getByRole('form', { name: 'Draft a boundary' });
      await form.getByLabel('Topic').fill(topic);
      await form.getByRole('radio', { name: answer, exact: true }).check();
      await form.getByLabel('A note (optional)').fill(note);
      await form.getByRole('button', { name: 'Save draft' }).click();
      await card(alex, 'My private drafts', `Draft: ${topic}`).waitFor();
    };
    await draft('Talking about the affair after 9pm', 'No', 'I cannot sleep after those talks.');
    await draft('Holding hands in public', 'Maybe', 'Ask me first, for now.');

    // Share only the second. Once it reaches Sam, the first (written earlier) would have too, had
    // it been anywhere Sam could read.
    const second = card(alex, 'My private drafts', 'Draft: Holding hands in public');
    await second.getByRole('button', { name: 'Share with my partner: Holding hands in public' }).click();
    await second.getByText('A copy goes into the workbook you share').waitFor();
    await second.getByRole('button', { name: 'Share it' }).click();
    await second.getByText('Shared with Sam on').waitFor();
    const samsHands = card(sam, 'Shared boundaries', 'Boundary: Holding hands in public');
    await samsHands.waitFor();
    await waitSynced(sam);
    expect(await sam.getByText('Talking about the affair after 9pm').count()).toBe(0);
    expect(await sam.getByText('I cannot sleep after those talks.').count()).toBe(0);
    await checkScreens('boundaries-draft');

    // Now Alex shares the "no"; Sam sees it, highlighted, with no control over Alex's answer.
    const first = card(alex, 'My private drafts', 'Draft: Talking about the affair after 9pm');
    await first.getByRole('button', { name: 'Share with my partner: Talking about the affair after 9pm' }).click();
    await first.getByRole('button', { name: 'Share it' }).click();
    const samsNo = card(sam, 'Shared boundaries', 'Boundary: Talking about the affair after 9pm');
    await samsNo.getByText('Alex’s answer is no, and it is kept just as it is. Only Alex can change it.').waitFor();
    await sam.getByLabel('Where one of us said no', { exact: true }).getByText('Talking about the affair after 9pm').waitFor();
    const alexsAnswer = samsNo.getByRole('group', { name: 'Alex’s answer' });
    expect(await alexsAnswer.textContent()).toContain('No');
    expect(await alexsAnswer.getByRole('button').count()).toBe(0);
    expect(await alexsAnswer.getByRole('textbox').count()).toBe(0);

    // Sam answers the other topic beside Alex's answer; Alex sees it.
    await samsHands.getByRole('button', { name: 'Give my answer: Holding hands in public' }).click();
    await samsHands.getByRole('radio', { name: 'Yes', exact: true }).check();
    await samsHands.getByLabel('My note (optional)').fill('I would like that.');
    await samsHands.getByRole('button', { name: 'Save my answer' }).click();
    await card(alex, 'Shared boundaries', 'Boundary: Holding hands in public')
      .getByRole('group', { name: 'Sam’s answer' })
      .getByText('I would like that.')
      .waitFor();
    await checkScreens('boundaries');
  });

  it('narrative: each writes their own perspective as rich text, reads the other’s, and acknowledges it', async () => {
    await bothGoTo('Our story');
    const editor = alex.getByRole('textbox', { name: 'What happened, in my words' });
    await editor.click();
    await alex.keyboard.type('I stopped telling you where I was. ');
    const toolbar = alex.getByRole('toolbar', { name: 'Formatting: What happened, in my words' });
    await toolbar.getByRole('button', { name: 'Bold' }).click();
    await expect.poll(() => toolbar.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');
    await alex.keyboard.type('That was wrong.');
    // Composed in private (issue 11, finding 2): Sam reads it once Alex shares it.
    await alex.getByRole('button', { name: 'Share with Sam', exact: true }).first().click();
    const samsView = sam.getByRole('group', { name: 'What happened, in Alex’s words' });
    await samsView.locator('strong', { hasText: 'That was wrong.' }).waitFor();
    expect(await samsView.getByRole('textbox').count()).toBe(0);

    await sam.getByLabel('Acknowledge what Alex wrote').first().fill('I hear that you know it hurt me.');
    await sam.getByRole('button', { name: 'Acknowledge', exact: true }).first().click();
    await alex.getByText('Sam acknowledged you').waitFor();
    await alex.getByText('I hear that you know it hurt me.').waitFor();
    await checkScreens('narrative');
  });

  it('agreements: co-signed, voided by an edit, and re-affirmed by both', async () => {
    await bothGoTo('Agreements');
    await alex.getByLabel('Kind of agreement').selectOption('time-out');
    await alex.getByRole('button', { name: 'Add agreement' }).click();
    const alexs = card(alex, 'Our agreements', 'Our time-out');
    const sams = card(sam, 'Our agreements', 'Our time-out');
    await sams.waitFor();

    await alexs.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await sams.getByText('Alex: affirmed on').waitFor();
    await sams.getByRole('button', { name: 'Affirm: Our time-out', exact: true }).click();
    await alexs.getByText('You both affirmed this agreement.').waitFor();
    await sams.getByText('You both affirmed this agreement.').waitFor();
    await checkScreens('agreements-signed');

    // Sam changes a word: both affirmations lapse, visibly, on both screens.
    await sams.getByRole('button', { name: 'Edit Our time-out' }).click();
    await sams.getByText('Saving a change means you both read it again and re-affirm it.').waitFor();
    await sams.getByLabel('Our pause signal').fill('Can we take a breather?');
    await sams.getByRole('button', { name: 'Save changes' }).click();
    await alexs.getByText('Changed since you both agreed — read it again and re-affirm').waitFor();
    await sams.getByText('Changed since you both agreed — read it again and re-affirm').waitFor();
    await alexs.getByText('Can we take a breather?').waitFor();
    await alexs.getByText('You: affirmed an earlier version').waitFor();
    await checkScreens('agreements-void');

    // A refused edit is explained next to its field.
    await alexs.getByRole('button', { name: 'Edit Our time-out' }).click();
    await alexs.getByLabel('Back together after (minutes)').fill('2');
    await alexs.getByRole('button', { name: 'Save changes' }).click();
    await alexs.getByText('Please enter a number of minutes between 5 and 240.').waitFor();
    await alexs.getByRole('button', { name: 'Cancel' }).click();

    await alexs.getByRole('button', { name: 'Re-affirm: Our time-out', exact: true }).click();
    await sams.getByRole('button', { name: 'Re-affirm: Our time-out', exact: true }).click();
    await alexs.getByText('You both affirmed this agreement.').waitFor();
    await sams.getByText('You both affirmed this agreement.').waitFor();
  });

  it('triggers: trigger → what happens → agreed response, edited by either partner', async () => {
    await bothGoTo('Triggers');
    await alex.getByRole('button', { name: 'Add trigger' }).click();
    const form = alex.getByRole('form', { name: 'Add a trigger' });
    await form.getByText('Please write something here first.').waitFor();
    await form.getByLabel('The trigger').fill('A late reply to a message');
    await form.getByLabel('What tends to happen').fill('I imagine the worst and go cold.');
    await form.getByLabel('The response we propose').fill('Send a one-line "busy, love you".');
    await form.getByRole('button', { name: 'Add trigger' }).click();
    await waitGone(form.getByText('Please write something here first.'));
    const sams = card(sam, 'Our triggers', 'Trigger: A late reply to a message');
    await sams.getByText('I imagine the worst and go cold.').waitFor();
    await sams.getByRole('button', { name: 'Edit trigger: A late reply to a message' }).click();
    await sams.getByLabel('The response we propose').fill('Send "busy, love you", then call when free.');
    await sams.getByRole('button', { name: 'Save changes' }).click();
    await card(alex, 'Our triggers', 'Trigger: A late reply to a message').getByText('then call when free').waitFor();
    await checkScreens('triggers');
  });

  it('check-ins: a simultaneous reveal where neither sees the other’s answers until both revealed', async () => {
    await bothGoTo('Check-ins');
    await alex.getByRole('button', { name: 'Start check-in' }).click();
    const alexs = alex.getByRole('list', { name: 'Our check-ins' }).getByRole('listitem').first();
    const sams = sam.getByRole('list', { name: 'Our check-ins' }).getByRole('listitem').first();
    await sams.getByRole('button', { name: 'Seal my answers' }).waitFor();

    const answer = async (item: Locator, ratings: [number, number, number], appreciation: string, need: string) => {
      for (const [i, legend] of ['Safety', 'Closeness', 'Stress'].entries()) {
        await item.getByRole('group', { name: legend, exact: true }).getByRole('radio', { name: String(ratings[i]), exact: true }).check();
      }
      await item.getByLabel('One thing I appreciate').fill(appreciation);
      await item.getByLabel('One thing I need').fill(need);
      await item.getByRole('button', { name: 'Seal my answers' }).click();
    };

    // A rating left out is explained next to it.
    await alexs.getByRole('button', { name: 'Seal my answers' }).click();
    await alexs.getByText('Please choose a number from 1 to 5.').first().waitFor();

    await answer(alexs, [3, 4, 2], 'You made tea when I was upset.', 'A walk together on Sunday.');
    await alexs.getByText('Your answers are sealed. Waiting for Sam to seal theirs.').waitFor();
    await sams.getByRole('group', { name: 'Alex’s answers' }).getByText('Sealed. Shown once you have both revealed.').waitFor();
    await checkScreens('checkins-sealed');
    await answer(sams, [4, 4, 3], 'You told me where you were going.', 'More time just the two of us.');

    await alexs.getByRole('button', { name: 'Reveal my answers' }).click();
    await alexs.getByText('Your answers are revealed.').waitFor();
    // Alex revealed first; Sam learns only that, never what, until Sam reveals too.
    await sams.getByText('Alex has revealed theirs. Reveal yours to see each other’s.', { exact: false }).waitFor();
    expect(await sam.getByText('You made tea when I was upset.').count()).toBe(0);
    expect(await alex.getByText('You told me where you were going.').count()).toBe(0);

    await sams.getByRole('button', { name: 'Reveal my answers' }).click();
    await sams.getByRole('group', { name: 'Alex’s answers' }).getByText('You made tea when I was upset.').waitFor();
    await alexs.getByRole('group', { name: 'Sam’s answers' }).getByText('You told me where you were going.').waitFor();
    await alexs.getByText('You both revealed your answers.').waitFor();

    // The trend chart appears, with a text alternative.
    const safety = alex.getByRole('img', { name: /^Safety: You: 3 on/ });
    await safety.waitFor();
    expect(await safety.getAttribute('aria-label')).toContain('Sam: 4 on');
    await checkScreens('checkins');
  });

  it('wins: small wins and micro-repairs', async () => {
    await bothGoTo('Wins');
    await sam.getByRole('radio', { name: 'Micro-repair' }).check();
    await sam.getByLabel('What happened').fill('We caught the argument early and laughed.');
    await sam.getByRole('button', { name: 'Add to our wins' }).click();
    await card(alex, 'Our wins', 'Micro-repair: We caught the argument early and laughed.').getByText('Noticed by Sam').waitFor();
    await checkScreens('wins');
  });

  it('reframes: thought → evidence (offered from recent wins) → reframe', async () => {
    await bothGoTo('Reframes');
    await alex.getByLabel('The automatic thought').fill('I am always the one who tries.');
    await alex.getByRole('button', { name: 'Use as evidence: We caught the argument early and laughed.' }).click();
    expect(await alex.getByLabel('Evidence from recent supportive moments', { exact: true }).inputValue()).toContain('We caught the argument early');
    await alex.getByLabel('The reframe').fill('We both try, in different ways.');
    // Reframes are private unless shared (issue 11, finding 4): Alex chooses to share this one.
    await alex.getByRole('radio', { name: 'Sam and me', exact: true }).check();
    await alex.getByRole('button', { name: 'Add reframe' }).click();
    await card(sam, 'Shared reframes', 'Reframe: I am always the one who tries.').getByText('We both try, in different ways.').waitFor();
    await checkScreens('reframes');
  });

  it('inbox: notes triaged as discussed / keep / archive, and filtered', async () => {
    await bothGoTo('Inbox');
    await sam.getByLabel('Note', { exact: true }).fill('Can we talk about the holidays?');
    await sam.getByLabel('What kind of note').selectOption('checkin');
    await sam.getByRole('button', { name: 'Add note' }).click();
    const alexsNote = card(alex, 'Notes', 'Note: Can we talk about the holidays?');
    await alexsNote.getByRole('button', { name: 'Discussed' }).click();
    await alex.getByLabel('Show', { exact: true }).selectOption('discussed');
    await alexsNote.waitFor();
    await alex.getByLabel('Show', { exact: true }).selectOption('archived');
    await alex.getByText('No notes match these filters.').waitFor();
    await alex.getByLabel('Show', { exact: true }).selectOption('open');
    await alexsNote.getByRole('button', { name: 'Archive' }).click();
    await waitGone(alexsNote);
    await sam.getByLabel('Show', { exact: true }).selectOption('archived');
    await card(sam, 'Notes', 'Note: Can we talk about the holidays?').waitFor();
    await alex.getByLabel('Show', { exact: true }).selectOption('all');
    await checkScreens('inbox');

    expect(h.pageErrors).toEqual([]);
  });
});
