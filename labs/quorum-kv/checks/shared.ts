// Helpers shared by the quorum-kv stages (not a stage itself): the ring of the README, the storage of every
// node as the trace shows it, and the expectations on client replies.
import { createHash } from 'node:crypto';
import type { Body, CheckContext, ClientOp, Cluster, ClusterOptions, NodeId } from '../../../src/grader/api.js';

export const N = 3;
const VNODES = 8;
/** The network of every stage: crashes are the only fault (README, "Your node"). */
export const NETWORK: ClusterOptions['network'] = { latency: { kind: 'uniform', minMs: 10, maxMs: 40 }, clientLatency: { kind: 'fixed', ms: 1 } };
/** Client-to-node latency: a reply leaves its node this long before the client has it. */
export const CLIENT_MS = 1;
/** README: how long after a put_ok the replicas must hold it, and after a put the stand-in its hint. */
export const SETTLE_MS = 300;

export type Version = [number, string];
export interface Entry { value: number; version: Version }

function hash(s: string): number {
  return createHash('sha1').update(s, 'utf8').digest().readUInt32BE(0);
}

/** The key's preference list (README, "Placement"): its N replicas, then its stand-ins. */
export function preferenceList(nodeIds: readonly NodeId[], key: string): NodeId[] {
  const ring = nodeIds.flatMap((node) => Array.from({ length: VNODES }, (_, i) => ({ h: hash(`${node}#${i}`), node, i })))
    .sort((a, b) => a.h - b.h || (a.node < b.node ? -1 : a.node > b.node ? 1 : a.i - b.i));
  const h = hash(key);
  const first = Math.max(0, ring.findIndex((v) => v.h >= h));
  const taken: NodeId[] = [];
  for (let k = 0; k < ring.length; k++) {
    const node = ring[(first + k) % ring.length].node;
    if (!taken.includes(node)) taken.push(node);
  }
  return taken;
}

/** Last writer wins: counter, then node id. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function isVersion(v: unknown): v is Version {
  return Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === 'string';
}

/** A node's storage as the trace shows it, after every event up to virtual time `at` (now when absent). */
export function storageOf(cluster: Cluster, node: NodeId, at = Infinity): Map<string, unknown> {
  const store = new Map<string, unknown>();
  for (const e of cluster.trace) {
    if (e.t > at) break;
    if (e.kind !== 'store' || e.node !== node) continue;
    if ('value' in e) store.set(e.key, e.value); else store.delete(e.key);
  }
  return store;
}

/** The entry under `skey` of a node's storage, or a failure when it does not have the README's shape. */
export function entryOf(cluster: Cluster, node: NodeId, skey: string, at = Infinity): Entry | undefined {
  const raw = storageOf(cluster, node, at).get(skey);
  if (raw === undefined) return undefined;
  const e = raw as Partial<Entry>;
  if (!e || typeof e !== 'object' || !Number.isInteger(e.value) || !isVersion(e.version)) {
    cluster.fail(`${node} stored ${skey} in a shape the README does not give`, { expected: { value: 'an integer', version: '[counter, node id]' }, received: raw });
  }
  return e as Entry;
}

const show = (e: Entry | undefined) => (e ? `${e.value} at version [${e.version.join(', ')}]` : 'nothing');

/** "n1 held 4 at version [..]; n2 held nothing; …": who held what of `key`, to explain a wrong read. */
export function holdings(cluster: Cluster, key: string, nodes: readonly NodeId[], at = Infinity): string {
  return nodes.map((n) => `${n} held ${show(entryOf(cluster, n, `kv/${key}`, at))}`).join('; ');
}

/** Fails unless the op was answered with a body of `type`; returns the body. */
export function expectReply(cluster: Cluster, op: ClientOp, type: string): Body {
  if (op.status !== 'ok') cluster.fail(`${op.node} did not answer ${JSON.stringify(op.request)} within ${op.status === 'timeout' ? 'the 1000 ms a client waits' : 'the run'}`);
  if (op.reply!.type !== type) cluster.fail(`${op.node} answered ${op.request.type} with ${op.reply!.type}, not ${type}`, { expected: { type }, received: op.reply, at: op.completedAt });
  return op.reply!;
}

/** put_ok's version, or a failure. */
export function putVersion(cluster: Cluster, op: ClientOp): Version {
  const reply = expectReply(cluster, op, 'put_ok');
  if (!isVersion(reply.version)) cluster.fail('put_ok must carry "version", a pair [counter, node id]', { received: reply, at: op.completedAt });
  return reply.version;
}

/** get_ok's value and version (null for a key no answer held), or a failure. */
export function getResult(cluster: Cluster, op: ClientOp): { value: number | null; version: Version | null } {
  const reply = expectReply(cluster, op, 'get_ok');
  const empty = reply.value === null && reply.version === null;
  if (!empty && !(Number.isInteger(reply.value) && isVersion(reply.version))) {
    cluster.fail('get_ok must carry "value" (an integer) and "version" ([counter, node id]), or null and null', { received: reply, at: op.completedAt });
  }
  return { value: reply.value as number | null, version: reply.version as Version | null };
}

/** `count` distinct keys named from the seed. */
export function keysFor(ctx: CheckContext, count: number): string[] {
  const keys = new Set<string>();
  while (keys.size < count) keys.add(`k${ctx.random.int(0, 99_999)}`);
  return [...keys];
}

/** Rule 2: every replicate_ok leaves a node whose storage already holds that version (or a newer one). */
export function expectDurableAcks(cluster: Cluster): void {
  const replicates = new Map<string, Body>();
  for (const e of cluster.trace) {
    if (e.kind !== 'deliver' || e.msg.body.type !== 'replicate') continue;
    replicates.set(`${e.msg.dest}:${e.msg.src}:${e.msg.body.msg_id}`, e.msg.body);
  }
  for (const e of cluster.trace) {
    if (e.kind !== 'send' || e.msg.body.type !== 'replicate_ok') continue;
    const request = replicates.get(`${e.msg.src}:${e.msg.dest}:${e.msg.body.in_reply_to}`);
    if (!request || !isVersion(request.version)) continue;
    const skey = typeof request.hint_for === 'string' ? `hint/${request.hint_for}/${request.key}` : `kv/${request.key}`;
    const held = entryOf(cluster, e.msg.src, skey, e.t);
    if (!held || compareVersions(held.version, request.version) < 0) {
      cluster.fail(`${e.msg.src} acknowledged ${request.key}=${request.value} (version [${request.version.join(', ')}]) to ${e.msg.dest} ` +
        `while its storage held ${show(held)} under ${skey}: a crash now would lose a write the coordinator counted. Persist before replicate_ok`, { at: e.t });
    }
  }
}

/** Rule 5: no node's kv/<key> version ever goes down. */
export function expectVersionsNeverGoBack(cluster: Cluster): void {
  const held = new Map<string, Entry>();
  for (const e of cluster.trace) {
    if (e.kind !== 'store' || !e.key.startsWith('kv/') || !('value' in e)) continue;
    const next = e.value as Entry;
    const before = held.get(`${e.node} ${e.key}`);
    if (before && isVersion(next?.version) && compareVersions(next.version, before.version) < 0) {
      cluster.fail(`${e.node} replaced ${e.key.slice(3)}=${show(before)} with the older ${show(next)}: a replica must keep the newer version ` +
        'whatever arrives later (a repair computed from older answers, a late replicate)', { at: e.t });
    }
    held.set(`${e.node} ${e.key}`, next);
  }
}

/** A node other than those given, picked from the seed. */
export function pickOther(ctx: CheckContext, cluster: Cluster, not: readonly NodeId[]): NodeId {
  return ctx.random.pick(cluster.nodeIds.filter((n) => !not.includes(n)));
}
