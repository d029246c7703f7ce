/**
 * Issue 14's bar in real Chromium: the earlier issues' browser bars (pairing and live sync,
 * linking and removing a device, a partner's edit that arrives signed and verified, the
 * extension's link and quick note) behind nginx on three relay node processes sharing PostgreSQL
 * and Redis (helpers/cluster.ts). Each page's WebSocket is placed by the load balancer; each
 * node's own /metrics shows which node holds it. nginx picks the node with the fewest connections
 * (least_conn), so the tests arrange the placement they need (a page opens only once the other is
 * connected; a page that still lands on the same node reconnects until it does not) and assert it
 * from the nodes' metrics, so every change the tests rely on crosses the bus.
 *
 *   TURBO_TELEMETRY_DISABLED=1 scripts/pnpm exec turbo run build
 *   node_modules/.bin/vitest run -c vitest.browser.config.ts test/browser/cluster-bars.test.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_SYNC_WAIT,
  VIEWPORTS,
  createInvite,
  createSpaceAs,
  dismissOnboarding,
  gotoSection,
  joinAs,
  startHarness,
  waitGone,
  waitSynced,
  type Harness,
  type RelayCluster,
  launchWithExtension,
} from './helpers/index.js';

const EXTENSION_BUILD = fileURLToPath(new URL('../../apps/extension/dist/chromium', import.meta.url));
/** A removed device learns of the new key on its next look at the chain (as in devices.test.ts). */
const ROTATION_WAIT = CLUSTER_SYNC_WAIT;

let h: Harness;
let cluster: RelayCluster;

beforeAll(async () => {
  if (!existsSync(join(EXTENSION_BUILD, 'manifest.json'))) {
    throw new Error('apps/extension/dist is missing: run `scripts/pnpm --filter @securebase/extension build` first.');
  }
  h = await startHarness({ cluster: true });
  if (!h.cluster) throw new Error('the harness started no cluster');
  cluster = h.cluster;
  const open = h.openPerson.bind(h);
  h.openPerson = async (...args) => watchConsole(await open(...args));
});

afterAll(async () => {
  await h?.close();
});

/**
 * What a failed test leaves to read: each open page's sync badge and console lines, each node's
 * sessions and its last log lines (the relay logs codes and counts only, never content or ids).
 */
async function describeCluster(): Promise<string> {
  const lines: string[] = [];
  for (const [c, context] of h.browser.contexts().entries()) {
    for (const [p, page] of context.pages().entries()) {
      const badge = await page.locator('[data-sync]').first().textContent({ timeout: 1000 }).catch(() => '(no badge)');
      lines.push(`page ${c}.${p} ${page.url().replace(/#.*/, '#…')}: sync badge "${badge}"`);
      for (const line of consoleLines.get(page) ?? []) lines.push(`  console: ${line}`);
    }
  }
  lines.push(`sessions per node: ${JSON.stringify(await cluster.sessionsPerNode().catch(() => []))}`);
  const names = ['securebase_sockets_open', 'securebase_frames_total', 'securebase_commit_seconds_count', 'securebase_limit_hits_total', 'securebase_rate_limited_total', 'securebase_auth_failures_total', 'securebase_catch_up_backlog_bytes'];
  for (const name of names) {
    const values = await Promise.all(cluster.nodes.map((_, i) => cluster.metric(i, name).catch(() => Number.NaN)));
    lines.push(`${name} per node: ${JSON.stringify(values)}`);
  }
  for (const [i, node] of cluster.nodes.entries()) {
    lines.push(`node ${i} log (last 15 of ${node.logLines.length}):`, ...node.logLines.slice(-15).map((line) => `  ${line}`));
  }
  return lines.join('\n');
}

const consoleLines = new WeakMap<Page, string[]>();

/** Keep a page's console warnings and errors for describeCluster. */
function watchConsole(page: Page): Page {
  const kept: string[] = [];
  consoleLines.set(page, kept);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') kept.push(`${message.type()}: ${message.text()}`.slice(0, 300));
  });
  return page;
}

// Each test starts from an empty cluster, whether the one before passed or not.
afterEach(async (test) => {
  if (!h) return;
  // Read while the pages are still open.
  if (test.task.result?.state === 'fail') console.log(`cluster at the failure:\n${await describeCluster()}`);
  await Promise.all(h.browser.contexts().map((context) => context.close()));
  await cluster.settledSessions(0, ROTATION_WAIT);
});

/** A paired workbook page holds two sessions (shared and private document); the extension one (shared). */
const PAGE_SESSIONS = 2;

/** Commits each node has made so far (updates it appended to PostgreSQL for its own sockets). */
function commitsPerNode(): Promise<number[]> {
  return Promise.all(cluster.nodes.map((_, i) => cluster.metric(i, 'securebase_commit_seconds_count')));
}

/**
 * Run `write` (one person's edit of the shared document) and return the nodes that committed it:
 * the node holding that person's shared-document socket.
 */
async function committedOn(write: () => Promise<unknown>): Promise<number[]> {
  const before = await commitsPerNode();
  const total = before.reduce((a, b) => a + b, 0);
  await write();
  for (let waited = 0; ; waited += 100) {
    const after = await commitsPerNode();
    if (after.reduce((a, b) => a + b, 0) > total) return after.flatMap((count, i) => (count > (before[i] ?? 0) ? [i] : []));
    if (waited > CLUSTER_SYNC_WAIT) throw new Error('no node committed the edit');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Add a note from `page` (on the Inbox) and return the one node that committed it. */
async function noteCommittedOn(page: Page, text: string): Promise<number> {
  const nodes = await committedOn(() => addNote(page, text));
  expect(nodes).toHaveLength(1);
  return nodes[0] ?? -1;
}

/** How many times a page reconnects to leave a node before the test gives up (least_conn decides). */
const PLACEMENT_TRIES = 6;

/**
 * Measure which node holds a page's shared-document socket; while it is `other`, reconnect the page
 * (`move`) and measure again. Returns the node, never `other`.
 */
async function apartFrom(other: number, measure: (attempt: number) => Promise<number>, move: () => Promise<void>): Promise<number> {
  for (let attempt = 0; attempt < PLACEMENT_TRIES; attempt++) {
    if (attempt > 0) await move();
    const node = await measure(attempt);
    if (node !== other) return node;
  }
  throw new Error(`a page stayed on relay node ${other} after ${PLACEMENT_TRIES} reconnections`);
}

const sum = (counts: number[]): number => counts.reduce((a, b) => a + b, 0);

/** Reload a workbook page and wait until it is back in sync on the Inbox, all its sessions back. */
async function reconnect(page: Page): Promise<void> {
  const before = sum(await cluster.sessionsPerNode());
  await page.reload();
  await waitSynced(page);
  await dismissOnboarding(page);
  await gotoSection(page, 'Inbox');
  await cluster.settledSessions(before);
}

interface PlacedPair {
  alex: Page;
  sam: Page;
  /** The nodes holding Alex's and Sam's shared-document sockets: never the same. */
  alexNode: number;
  samNode: number;
}

/**
 * Alex creates and invites; Sam's page opens only once Alex's is connected, so least_conn sends it
 * elsewhere; if it still shares Alex's node (reconnections move counts), Sam reconnects until not.
 * Both end on the Inbox, synced, having seen each other's notes.
 */
async function pairApart(): Promise<PlacedPair> {
  const alex = await createSpaceAs(h, { name: 'Alex' });
  const link = await createInvite(alex);
  expect(link.startsWith(`${h.url}#/join/`)).toBe(true);
  // Alone, Alex follows the shared document only.
  await cluster.settledSessions(1);
  const sam = await joinAs(h, link, { name: 'Sam' });
  // Sam's name reached Alex: the invite panel steps aside.
  await waitGone(alex.getByRole('heading', { name: 'Invite your partner' }));
  await cluster.settledSessions(2 * PAGE_SESSIONS);
  await gotoSection(alex, 'Inbox');
  await gotoSection(sam, 'Inbox');
  const alexNode = await noteCommittedOn(alex, 'Thank you for the walk this morning.');
  await note(sam, 'Thank you for the walk this morning.').waitFor();
  const samNode = await apartFrom(
    alexNode,
    async (attempt) => {
      const text = `Can we talk about Sunday? (${attempt + 1})`;
      const node = await noteCommittedOn(sam, text);
      await note(alex, text).waitFor();
      return node;
    },
    () => reconnect(sam),
  );
  return { alex, sam, alexNode, samNode };
}

// The devices page and the inbox, driven as devices.test.ts drives them (that file keeps its own).
function note(page: Page, text: string): Locator {
  return page.getByRole('list', { name: 'Notes', exact: true }).getByRole('listitem', { name: `Note: ${text}`, exact: true });
}

async function addNote(page: Page, text: string): Promise<void> {
  await page.getByLabel('Note', { exact: true }).fill(text);
  await page.getByRole('button', { name: 'Add note' }).click();
}

/** Open "Devices & trust" once the page has settled (synced), allowing for a loaded machine. */
async function openDevices(page: Page): Promise<void> {
  await waitSynced(page);
  await page.getByRole('navigation', { name: 'Private notes and devices' }).getByRole('link', { name: 'Devices & trust' }).click();
  await page.getByRole('heading', { name: 'Devices & trust', level: 1 }).waitFor({ timeout: ROTATION_WAIT });
}

async function backToInbox(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Back to the workbook' }).click();
  await gotoSection(page, 'Inbox');
}

describe('the earlier bars behind the load balancer on three nodes', () => {
  it('serves the web app through nginx from every node, and the test can see each node', async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(h.url.startsWith('https://localhost:')).toBe(true);
    expect(await cluster.sessionsPerNode()).toEqual([0, 0, 0]);
  });

  it('pairs two partners on different nodes; their edits sync live both ways', async () => {
    const { alex, sam, alexNode, samNode } = await pairApart();
    // Their shared-document sockets sit on different nodes: each note crossed the bus.
    expect(samNode).not.toBe(alexNode);
    await addNote(alex, 'See you at six.');
    await note(sam, 'See you at six.').waitFor();
    await addNote(sam, 'Six works.');
    await note(alex, 'Six works.').waitFor();
    await waitSynced(alex);
    await waitSynced(sam);
    // nginx spread the four sessions over more than one node.
    const sessions = await cluster.settledSessions(2 * PAGE_SESSIONS);
    expect(sessions.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(h.pageErrors).toEqual([]);
  });

  it('integrity: Sam’s edit of Alex’s trigger arrives on her node signed, and shows as edited by Sam', async () => {
    const { alex, sam } = await pairApart();
    await gotoSection(alex, 'Triggers');
    await gotoSection(sam, 'Triggers');
    const form = alex.getByRole('form', { name: 'Add a trigger' });
    await form.getByLabel('The trigger').fill('Phone face down on the table');
    await form.getByLabel('What tends to happen').fill('I go quiet and start to spiral.');
    await form.getByRole('button', { name: 'Add trigger' }).click();

    const card = (page: Page): Locator =>
      page.getByRole('list', { name: 'Our triggers', exact: true }).getByRole('listitem', { name: 'Trigger: Phone face down on the table', exact: true });
    await card(sam).getByText('I go quiet and start to spiral.').waitFor();
    await card(sam).getByRole('button', { name: 'Edit trigger: Phone face down on the table' }).click();
    await card(sam).getByLabel('What tends to happen').fill('Alex gets suspicious and starts asking questions.');
    await card(sam).getByRole('button', { name: 'Save changes' }).click();

    // The authorship shown comes from the verified signature of each update, not from the relay.
    await card(alex).getByText('Alex gets suspicious and starts asking questions.').waitFor();
    await card(alex).getByText('Written by you').waitFor();
    await card(alex).getByText('Edited by Sam').waitFor();
    await card(sam).getByText('Edited by you').waitFor();
    expect(h.pageErrors).toEqual([]);
  });

  it('links a second device on another node than Alex’s, syncs across nodes, removes it: its socket is cut off', async () => {
    const { alex, sam } = await pairApart();
    const paired = await cluster.settledSessions(2 * PAGE_SESSIONS);

    // As in devices.test.ts: the page settles on the pairing prompt before Alex opens her devices.
    await alex.getByRole('heading', { name: 'Your partner is here: compare your safety number' }).waitFor({ timeout: ROTATION_WAIT });
    await openDevices(alex);
    await alex.getByRole('button', { name: 'Link another device' }).click();
    const code = await alex.getByLabel('Device link').inputValue();
    const alex2 = await h.openPerson(VIEWPORTS.phone);
    await alex2.goto(code);
    await alex2.getByRole('button', { name: 'Make this browser one of my devices' }).click();
    const fingerprint = alex2.locator('.trust-fingerprint');
    await fingerprint.waitFor();
    const shownThere = (await fingerprint.textContent()) ?? '';
    const approve = alex.getByRole('button', { name: 'Approve this device' });
    await approve.waitFor();
    expect((await alex.locator('.trust-fingerprint').textContent()) ?? '').toBe(shownThere);
    await approve.click();
    await alex2.getByRole('navigation', { name: 'Workbook sections' }).waitFor();
    await waitSynced(alex2);
    await dismissOnboarding(alex2);

    await backToInbox(alex);
    await gotoSection(alex2, 'Inbox');
    // The pages reconnect on the way through the devices page: measure Alex's node afresh.
    const alexNode = await noteCommittedOn(alex, 'Back on the inbox.');
    await note(sam, 'Back on the inbox.').waitFor();
    // The device to remove sits on another node than the one Alex removes it from.
    const alex2Node = await apartFrom(
      alexNode,
      async (attempt) => {
        const text = `From my phone: thank you for last night. (${attempt + 1})`;
        const node = await noteCommittedOn(alex2, text);
        await note(sam, text).waitFor();
        await note(alex, text).waitFor();
        return node;
      },
      () => reconnect(alex2),
    );
    expect(alex2Node).not.toBe(alexNode);
    await addNote(sam, 'Walk together on Sunday?');
    await note(alex2, 'Walk together on Sunday?').waitFor();
    await addNote(alex, 'Before the removal.');
    await note(alex2, 'Before the removal.').waitFor();
    await note(sam, 'Before the removal.').waitFor();

    // Alex removes it; the node holding the removed device's socket cuts it off when the key rotates.
    await openDevices(alex);
    await alex.getByRole('button', { name: `Remove device ${shownThere}` }).click();
    await alex.getByRole('button', { name: 'Yes, remove it' }).click();
    await alex.getByText(`Device ${shownThere} was removed. The space has a new key.`).waitFor();
    await alex2.getByRole('heading', { name: 'This device was removed from the space' }).waitFor({ timeout: ROTATION_WAIT });

    // Alex and Sam carry on under the new key. The removed device's sessions were cut off: with
    // everyone back on the Inbox, the sessions are the pair's again.
    await backToInbox(alex);
    expect(sum(await cluster.settledSessions(sum(paired), ROTATION_WAIT))).toBe(sum(paired));
    await addNote(alex, 'After the new key: still here.');
    await note(sam, 'After the new key: still here.').waitFor({ timeout: ROTATION_WAIT });
    expect(await alex2.getByText('After the new key: still here.').count()).toBe(0);
    expect(h.pageErrors).toEqual([]);
  });

  describe('the quick-note extension', () => {
    let profileDir: string;
    let context: BrowserContext;
    let extensionId: string;

    beforeAll(async () => {
      profileDir = await mkdtemp(join(tmpdir(), 'securebase-cluster-ext-'));
      // nginx's test certificate is self-signed; the extension's worker fetches too.
      ({ context, extensionId } = await launchWithExtension(profileDir, { build: EXTENSION_BUILD, viewport: { width: 380, height: 640 }, insecureTls: true }));
    });

    // The extension's pages close with each test, so the cluster empties for the next.
    afterEach(async () => {
      await Promise.all(context.pages().map((page) => page.close()));
    });

    afterAll(async () => {
      await context?.close();
      if (profileDir) await rm(profileDir, { recursive: true, force: true });
    });

    it('links to Alex through the load balancer and delivers a quick note to Sam on another node', async () => {
      const pageErrors: string[] = [];
      const { alex, sam, samNode } = await pairApart();
      await alex.getByRole('heading', { name: 'Your partner is here: compare your safety number' }).waitFor({ timeout: ROTATION_WAIT });
      await openDevices(alex);
      await alex.getByRole('button', { name: 'Link another device' }).click();
      const code = await alex.getByLabel('Device link').inputValue();

      const panel = await context.newPage();
      panel.on('pageerror', (err) => pageErrors.push(err.message));
      panel.setDefaultTimeout(CLUSTER_SYNC_WAIT);
      await panel.goto(`chrome-extension://${extensionId}/sidepanel.html`);
      await panel.getByRole('heading', { name: 'Link this extension to your Secure Base' }).waitFor();
      await panel.getByLabel('Device link code').fill(code);
      await panel.getByRole('button', { name: 'Link this extension' }).click();
      const approve = alex.getByRole('button', { name: 'Approve this device' });
      await approve.waitFor();
      // The same fingerprint, whatever the spacing each side groups it with.
      const compact = (text: string | null): string => (text ?? '').replace(/\s+/g, '');
      const shownToAlex = compact(await alex.locator('.trust-fingerprint').textContent());
      await expect.poll(async () => compact(await panel.getByTestId('link-fingerprint').textContent()), { timeout: CLUSTER_SYNC_WAIT }).toBe(shownToAlex);
      await approve.click();
      await panel.getByLabel('Note', { exact: true }).waitFor();
      await panel.locator('[data-sync="synced"]').waitFor();

      // A quick note commits on the extension's node and reaches Sam's, another one.
      const extensionNode = await apartFrom(
        samNode,
        async (attempt) => {
          const text = `Thank you for making tea this morning (${attempt + 1})`;
          await panel.getByLabel('Kind of note').selectOption({ label: 'Appreciation' });
          await panel.getByLabel('Note', { exact: true }).fill(text);
          const nodes = await committedOn(() => panel.getByRole('button', { name: 'Add to our inbox' }).click());
          expect(nodes).toHaveLength(1);
          const sent = panel.getByRole('list', { name: 'Notes sent from this extension' }).getByRole('listitem', { name: text });
          await sent.waitFor();
          await sam.getByRole('listitem', { name: `Note: ${text}` }).waitFor();
          await sent.getByText('Delivered').waitFor();
          return nodes[0] ?? -1;
        },
        async () => {
          const before = sum(await cluster.sessionsPerNode());
          await panel.reload();
          await panel.locator('[data-sync="synced"]').waitFor();
          await cluster.settledSessions(before);
        },
      );
      expect(extensionNode).not.toBe(samNode);

      expect(pageErrors).toEqual([]);
      expect(h.pageErrors).toEqual([]);
    });
  });
});
