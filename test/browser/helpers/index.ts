/**
 * Shared helpers for the browser tests (experience, sections, pairing): harness, pairing flow,
 * axe check and screenshots.
 *
 *   import { startHarness, createPair, seriousA11yViolations, screenshot, VIEWPORTS } from './helpers/index.js';
 */
export {
  startHarness,
  VIEWPORTS,
  SYNC_WAIT,
  CLUSTER_SYNC_WAIT,
  WEB_ROOT,
  SCREENSHOTS,
  CHROMIUM,
  type Harness,
  type HarnessOptions,
  type PersonOptions,
  type Relay,
  type Viewport,
} from './harness.js';
export { launchWithExtension, type ExtensionLaunchOptions } from './extension.js';
export { startExtensionCouple, CHROMIUM_BUILD, EXTENSION_DIST, type ExtensionCouple } from './extension-couple.js';
export {
  waitSynced,
  waitGone,
  dismissOnboarding,
  gotoSection,
  createSpaceAs,
  createInvite,
  joinAs,
  createPair,
  type CreateSpaceOptions,
  type Pair,
} from './space.js';
export { startRelayCluster, type RelayCluster, type RelayClusterOptions } from './cluster.js';
export { seriousA11yViolations, type A11yViolation } from './axe.js';
export { screenshot, horizontalOverflow } from './screenshot.js';
export { checkAtBothWidths } from './check-widths.js';
