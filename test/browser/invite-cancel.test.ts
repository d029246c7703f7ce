/**
 * Browser end-to-end for cancelling an invitation (hardening issue, finding 6): Alex makes an
 * invite link, then thinks better of it (sent to the wrong chat) and presses "Cancel this
 * invitation". The panel says so; Sam, opening the link afterwards, is told plainly that it was
 * cancelled, and can join with a new link Alex makes. Checked at phone and desktop width.
 *
 *   pnpm --filter @securebase/web build && npx vitest run -c vitest.browser.config.ts test/browser/invite-cancel.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWPORTS, createInvite, createSpaceAs, horizontalOverflow, joinAs, screenshot, seriousA11yViolations, startHarness, type Harness } from './helpers/index.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('cancelling an invitation', () => {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    it(`a cancelled link tells the partner so, and a new link works (${width})`, async () => {
      const alex = await createSpaceAs(h, { name: 'Alex', viewport });
      const cancelled = await createInvite(alex);
      await alex.getByRole('button', { name: 'Cancel this invitation' }).click();
      await alex.getByRole('status').filter({ hasText: 'Invitation cancelled' }).waitFor();
      expect(await horizontalOverflow(alex)).toEqual([]);
      expect(await seriousA11yViolations(alex)).toEqual([]);
      await screenshot(alex, `invite-cancelled-${width}`);

      const sam = await h.openPerson(viewport);
      await sam.goto(cancelled);
      await sam.getByRole('heading', { name: 'Join your partner’s space' }).waitFor();
      await sam.getByRole('button', { name: 'Join', exact: true }).click();
      await sam.getByText('Your partner cancelled this invitation').waitFor();
      expect(await horizontalOverflow(sam)).toEqual([]);
      await screenshot(sam, `invite-cancelled-join-${width}`);

      // Alex makes a new link after all; it works.
      await alex.getByRole('button', { name: 'Create invite link' }).click();
      const fresh = await alex.getByLabel('Invite link').inputValue();
      expect(fresh).not.toBe(cancelled);
      await joinAs(h, fresh, { name: 'Sam', viewport });
      expect(h.pageErrors).toEqual([]);
    });
  }
});
