/**
 * The scale-out figures (cluster.ts) as rows of the bench's table: figure, value, target, and
 * pass/fail where the issue sets a goal. Baselines are marked as such; extrapolated figures say so.
 *
 *   printTable(clusterRows(await benchCluster()));
 */
import { CLUSTER_TARGET, type ClusterFigures } from './cluster.js';
import { round } from './stats.js';

export type Row = [string, string, string, boolean | undefined];

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const ms = (v: number): string => `${v} ms`;
const p = (f: { p50Ms: number; p99Ms: number }): string => `${f.p50Ms} / ${f.p99Ms} ms`;
type Throughput = ClusterFigures['throughput']['yWebsocket']['oneRoom'];
const rate = (t: Throughput): string => {
  const by = t.serverCoresBy ? ` = relay ${t.serverCoresBy.relay} + pg ${t.serverCoresBy.postgres} + redis ${t.serverCoresBy.redis}` : '';
  return `${t.updatesPerSecond}/s (servers ${t.serverCores} cores${by}: ${t.updatesPerCoreSecond}/core·s; clients ${t.clientCores})`;
};

/** Table rows of the scale-out run. */
export function clusterRows(c: ClusterFigures): Row[] {
  const t = c.throughput;
  const ratioMany = round(t.ours.manySpacesThreeNodes.updatesPerCoreSecond / t.yWebsocket.manyRooms.updatesPerCoreSecond);
  const ratioOne = round(t.ours.oneSpaceThreeNodes.updatesPerCoreSecond / t.yWebsocket.oneRoom.updatesPerCoreSecond);
  const idle = c.idle;
  return [
    [`cluster (${c.nodes} nodes): push → ack p50 / p99`, p(c.latency.ours.pushToAck), '', undefined],
    ['cluster: push → delivery on another node p50 / p99', p(c.latency.ours.crossNodeDelivery), `p99 ≤ ${CLUSTER_TARGET.deliveryP99Ms} ms`, c.latency.ours.crossNodeDelivery.p99Ms <= CLUSTER_TARGET.deliveryP99Ms],
    ['y-websocket: write → delivery p50 / p99 (one process)', p(c.latency.yWebsocket.delivery), '(baseline)', undefined],
    ['Hocuspocus+Redis: write → delivery on the other instance', p(c.latency.hocuspocus.crossInstanceDelivery), '(baseline)', undefined],
    ['cluster: acked updates, 1 space, 1 node', rate(t.ours.oneSpaceOneNode), '', undefined],
    [`cluster: acked updates, ${t.spaces} spaces, 1 node`, rate(t.ours.manySpacesOneNode), '', undefined],
    [`cluster: acked updates, 1 space, ${c.nodes} nodes`, rate(t.ours.oneSpaceThreeNodes), '', undefined],
    [`cluster: acked updates, ${t.spaces} spaces, ${c.nodes} nodes`, rate(t.ours.manySpacesThreeNodes), '', undefined],
    ['y-websocket: delivered updates, 1 room', rate(t.yWebsocket.oneRoom), '(baseline)', undefined],
    [`y-websocket: delivered updates, ${t.spaces} rooms`, rate(t.yWebsocket.manyRooms), '(baseline)', undefined],
    ['Hocuspocus+Redis: delivered updates, 1 room', rate(t.hocuspocus.oneRoom), '(baseline)', undefined],
    [`Hocuspocus+Redis: delivered updates, ${t.spaces} rooms`, rate(t.hocuspocus.manyRooms), '(baseline)', undefined],
    [`per-core throughput / y-websocket, ${t.spaces} spaces`, `${ratioMany}×`, `≥ ${CLUSTER_TARGET.perCoreRatio}×`, ratioMany >= CLUSTER_TARGET.perCoreRatio],
    ['per-core throughput / y-websocket, 1 space', `${ratioOne}×`, `≥ ${CLUSTER_TARGET.perCoreRatio}×`, ratioOne >= CLUSTER_TARGET.perCoreRatio],
    ['bus messages (PUBLISH) per commit, 1 node / 3 nodes', `${c.bus.publishesPerCommitOneNode} / ${c.bus.publishesPerCommitThreeNodes}`, '', undefined],
    ['Hocuspocus: Redis PUBLISH per update', `${c.bus.hocuspocusPublishesPerUpdate}`, '(baseline)', undefined],
    ['idle sockets on one node: RSS MiB', idle.samples.map((s) => `${s.connections}: ${s.rssMiB}`).join(', '), '', undefined],
    ['idle sockets on one node: heap + external MiB', idle.samples.map((s) => `${s.connections}: ${round(s.heapUsedMiB + s.externalMiB, 1)}`).join(', '), '', undefined],
    [
      'memory per idle authenticated connection',
      `${kib(idle.bytesPerConnection)} KiB (RSS line ${kib(idle.rssBytesPerConnection)}, heap line ${kib(idle.heapBytesPerConnection)})`,
      '',
      undefined,
    ],
    [
      `idle sockets on one node, settled (${idle.settled.seconds} s idle, ${idle.settled.majorGcs} major GCs${idle.settled.reached ? '' : ', NOT settled'}): RSS / heap + external MiB`,
      `${idle.settled.connections}: ${idle.settled.rssMiB} / ${round(idle.settled.heapUsedMiB + idle.settled.externalMiB, 1)}`,
      '',
      undefined,
    ],
    ['memory per idle connection, settled (heap + external over the 0-socket sample; a lower bound)', `${kib(idle.settledHeapBytesPerConnection)} KiB`, '', undefined],
    [
      `node RSS at ${CLUSTER_TARGET.idleConnections} idle connections, settled (${idle.rssAt10kMeasured ? `measured; right after the last connect ${idle.samples.at(-1)?.rssMiB}` : 'extrapolated'})`,
      `${idle.rssMiBAt10k} MiB`,
      `< ${CLUSTER_TARGET.idleMiB} MB`,
      idle.rssMiBAt10k * 1.048576 < CLUSTER_TARGET.idleMiB,
    ],
    ['idle connections one node holds under 1 GiB (extrapolated)', `${idle.extrapolatedMaxUnder1GiB}`, '', undefined],
    [`handshakes (auth) per second, ${c.handshakes.concurrency} in flight`, `${c.handshakes.perSecond}/s`, '', undefined],
    ['handshake p50 / p99', `${ms(c.handshakes.p50Ms)} / ${ms(c.handshakes.p99Ms)}`, '', undefined],
  ];
}
