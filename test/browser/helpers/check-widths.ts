/**
 * The look-at-every-screen check the browser tests share: at phone and desktop width, no
 * serious axe finding, nothing sticking out sideways, and a full-page screenshot to look at.
 *
 *   await checkAtBothWidths(page, 'invitations-form');   // → invitations-form-phone.png, …-desktop.png
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { seriousA11yViolations } from './axe.js';
import { VIEWPORTS } from './harness.js';
import { horizontalOverflow, screenshot } from './screenshot.js';

export async function checkAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [width, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    expect(await seriousA11yViolations(page), `${name} at ${width}`).toEqual([]);
    expect(await horizontalOverflow(page), `${name} overflows at ${width}`).toEqual([]);
    await screenshot(page, `${name}-${width}`);
  }
}
