// The built CLI against three relay nodes behind nginx (issue 14): two partners' profiles pair
// through the load balancer's https address (trusting its self-signed certificate through
// NODE_EXTRA_CA_CERTS, as a person would trust a private CA), then notes go both ways. Which node
// committed a note and which nodes served the partner's read are told apart by each node's own
// /metrics (commits and frames), read straight from the node; every note is read back through a
// node other than the one that stored it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../browser/helpers/harness.js';
import { startRelayCluster, type RelayCluster } from '../browser/helpers/cluster.js';
import { assertCliBuilt, sbOk, tempDir } from './cli-harness.js';

/** Rounds allowed for nginx to put a read on another node than the write (it rotates among ties). */
const MAX_ROUNDS = 12;

let cluster: RelayCluster;
let tmp: Awaited<ReturnType<typeof tempDir>>;
let env: Record<string, string>;

beforeAll(async () => {
  assertCliBuilt();
  tmp = await tempDir('cli-lb');
  cluster = await startRelayCluster({ webRoot: WEB_ROOT });
  const caFile = join(tmp.dir, 'proxy-ca.pem');
  await writeFile(caFile, cluster.proxy.caPem);
  // A longer wait than cli-harness's 8 s: four servers and a browser run may share two cores.
  env = { NODE_EXTRA_CA_CERTS: caFile, SECUREBASE_TIMEOUT_MS: '30000' };
}, 120_000);

afterAll(async () => {
  await cluster?.close();
  await tmp?.cleanup();
});

/** Per-node values of one /metrics series, straight from each node. */
function perNode(name: string): Promise<number[]> {
  return Promise.all(cluster.nodes.map((_, i) => cluster.metric(i, name)));
}

/** Run `command` and return the nodes whose `name` series rose meanwhile. */
async function nodesThatMoved(name: string, command: () => Promise<unknown>): Promise<number[]> {
  const before = await perNode(name);
  await command();
  const after = await perNode(name);
  return after.flatMap((value, i) => (value > (before[i] ?? 0) ? [i] : []));
}

interface InboxExport {
  inbox: Array<{ text: string }>;
}

async function inboxOf(profile: string): Promise<string[]> {
  const exported = JSON.parse(await sbOk(['export', '--format', 'json'], { profile, env })) as InboxExport;
  return exported.inbox.map((n) => n.text);
}

/**
 * `writer` adds notes until one is read by `reader` through nodes that exclude the node that
 * committed it; returns that round's nodes. Every round's note must arrive.
 */
async function noteAcrossNodes(writer: string, reader: string, label: string): Promise<{ wroteOn: number; readOn: number[]; rounds: number }> {
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const text = `${label} ${round}`;
    const committed = await nodesThatMoved('securebase_commit_seconds_count', () => sbOk(['note', 'add', text], { profile: writer, env }));
    expect(committed).toHaveLength(1);
    const wroteOn = committed[0] ?? -1;
    let seen: string[] = [];
    const readOn = await nodesThatMoved('securebase_frames_total', async () => (seen = await inboxOf(reader)));
    expect(seen).toContain(text);
    expect(readOn.length).toBeGreaterThan(0);
    if (!readOn.includes(wroteOn)) return { wroteOn, readOn, rounds: round };
  }
  throw new Error(`in ${MAX_ROUNDS} rounds nginx never put the read on another node than the write`);
}

describe('the CLI through the load balancer on three nodes', () => {
  it('pairs through nginx and pushes and pulls notes between two profiles on different nodes', async () => {
    const root = join(tmp.dir, 'pair');
    // The relay address is the load balancer's, and the invite link names it.
    const { alice, bob } = await setUpPairThroughProxy(root);

    const there = await noteAcrossNodes(alice, bob, 'From Sam through the load balancer');
    const back = await noteAcrossNodes(bob, alice, 'From Alex through the load balancer');
    expect(there.readOn).not.toContain(there.wroteOn);
    expect(back.readOn).not.toContain(back.wroteOn);

    // Both profiles end with the same inbox, in the same order, whichever node they ask.
    const fromAlice = await inboxOf(alice);
    expect(await inboxOf(bob)).toEqual(fromAlice);
    expect(fromAlice).toHaveLength(there.rounds + back.rounds);
  }, 240_000);
});

/** setUpPair with the proxy's address and the CA trusted; checks the requests were spread over nodes. */
async function setUpPairThroughProxy(root: string): Promise<{ alice: string; bob: string }> {
  const relayUrl = cluster.url.replace(/\/$/, '');
  const before = await perNode('securebase_http_requests_total');
  const { alice, bob } = await setUpPairWithEnv(relayUrl, root);
  const after = await perNode('securebase_http_requests_total');
  // Pairing itself was spread: more than one node answered its requests.
  expect(after.filter((value, i) => value > (before[i] ?? 0)).length).toBeGreaterThan(1);
  return { alice, bob };
}

/** cli-harness's setUpPair runs without extra environment; this one passes the CA. */
async function setUpPairWithEnv(relayUrl: string, root: string): Promise<{ alice: string; bob: string }> {
  const alice = join(root, 'alice');
  const bob = join(root, 'bob');
  const spaceId = (await sbOk(['init', '--relay', relayUrl, '--name', 'Sam'], { profile: alice, env })).trim();
  const link = (await sbOk(['invite'], { profile: alice, env })).trim();
  expect(link.startsWith(`${relayUrl}/#/join/`)).toBe(true);
  const joined = (await sbOk(['join', link, '--name', 'Alex'], { profile: bob, env })).trim();
  expect(joined).toBe(spaceId);
  return { alice, bob };
}
