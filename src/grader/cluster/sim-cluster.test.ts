import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterDef } from '../../catalog/schema/lab.js';
import { PROJECT_ROOT } from '../../paths.js';
import type { CheckContext } from '../api.js';
import { CheckFailure } from '../check-failure.js';
import { createRandom } from '../random.js';
import { awaitConvergence } from './convergence.js';
import { exploreCluster, scenarioArbitrary } from './explore.js';
import { localCluster, openLocalRuntime } from './local.js';
import { expectDeterministic } from './replay.js';
import type { RuntimeProcess } from './runtime.js';
import { SimCluster } from './sim-cluster.js';
import type { Body, ClusterOptions } from './types.js';

const fixture = (name: string) => join(PROJECT_ROOT, 'fixtures', 'cluster', 'ts', name);
let dir: string;
let gossip: RuntimeProcess;
let misbehaving: RuntimeProcess;
let counter: RuntimeProcess;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sysdesign-cluster-test-'));
  [gossip, misbehaving, counter] = await Promise.all([
    openLocalRuntime('ts', fixture('gossip'), join(dir, 'gossip')), openLocalRuntime('ts', fixture('misbehaving'), join(dir, 'misbehaving')),
    openLocalRuntime('ts', fixture('counter'), join(dir, 'counter')),
  ]);
});

afterAll(async () => {
  await Promise.all([gossip?.stop(), misbehaving?.stop(), counter?.stop()]);
  await rm(dir, { recursive: true, force: true });
});

/** A check context over a local runtime, as the cluster driver would give it. */
function contextFor(runtime: RuntimeProcess, seed: number): CheckContext {
  const steps: CheckContext['steps'] = [];
  return {
    program: undefined as never, seed, random: createRandom(seed), signal: new AbortController().signal, steps,
    note: (text) => { steps.push({ kind: 'note', text }); },
    fail: (message, detail) => { throw new CheckFailure(message, detail ?? {}); },
    cluster: { settings: ClusterDef.parse({}), start: (o: ClusterOptions = {}) => localCluster(runtime, { ...o, nodes: o.nodes ?? 3, seed: o.seed ?? seed }) },
  };
}

const sorted = (r: Body) => [...(r.messages as number[])].sort((a, b) => a - b);

/** Broadcasts with losses, duplicates and a partition: enough to exercise every random draw. */
async function busyRun(cluster: SimCluster): Promise<void> {
  cluster.configure({ loss: 0.2, duplicate: 0.2 });
  for (let i = 0; i < 6; i++) cluster.invoke(`n${(i % 3) + 1}`, { type: 'broadcast', message: i });
  await cluster.runFor(30);
  cluster.partition([['n1'], ['n2', 'n3']]);
  cluster.invoke('n1', { type: 'broadcast', message: 99 });
  await cluster.runFor(700);
  cluster.heal();
  await cluster.runFor(1_500);
}

describe('SimCluster on the TypeScript runtime', () => {
  it('delivers at exactly the drawn latencies and pairs replies with requests', async () => {
    const cluster = await localCluster(gossip, { nodes: 3, seed: 1, network: { latency: { kind: 'fixed', ms: 10 }, clientLatency: { kind: 'fixed', ms: 1 } } });
    const op = await cluster.call('n1', { type: 'broadcast', message: 7 });
    expect(op).toMatchObject({ status: 'ok', invokedAt: 0, completedAt: 2, reply: { type: 'broadcast_ok', in_reply_to: 1 } });
    await cluster.runFor(20);
    // n1 floods at 1 ms; n2 and n3 pass the value on to each other when it reaches them at 11 ms.
    const gossipSends = cluster.trace.filter((e) => e.kind === 'send' && e.msg.body.type === 'gossip');
    expect(gossipSends.map((e) => e.kind === 'send' && [e.t, e.arrives])).toEqual([[1, 11], [1, 11], [11, 21], [11, 21]]);
    expect(sorted((await cluster.call('n3', { type: 'read' })).reply!)).toEqual([7]);
    expect(cluster.stats()).toMatchObject({ serverMessages: 4, clientRequests: 2, clientReplies: 2, messagesPerOp: 2 });
  });

  it('replays a seed exactly, and batching changes nothing against one-millisecond windows', async () => {
    const traces: string[] = [];
    for (const maxWindowMs of [undefined, undefined, 1]) {
      const nodeIds = ['n1', 'n2', 'n3'];
      await gossip.reset({ cmd: 'reset', nodes: nodeIds, seed: 9 });
      const cluster = new SimCluster({ nodeIds, seed: 9, network: { latency: { kind: 'uniform', minMs: 5, maxMs: 40 } }, host: gossip, requestTimeoutMs: 1_000, maxEvents: 1e6, maxWindowMs });
      await busyRun(cluster);
      traces.push(cluster.trace.map((e) => JSON.stringify(e)).join('\n'));
    }
    expect(traces[0].split('\n').length).toBeGreaterThan(100);
    expect(traces[1]).toBe(traces[0]);
    expect(traces[2]).toBe(traces[0]);
  });

  it('cuts messages across a partition, drops them at a crashed node, and converges once recovered', async () => {
    const cluster = await localCluster(gossip, { nodes: 3, seed: 2 });
    cluster.partition([['n1'], ['n2', 'n3']]);
    cluster.crash('n3');
    expect(cluster.crashed()).toEqual(['n3']);
    await cluster.call('n1', { type: 'broadcast', message: 1 });
    await cluster.call('n2', { type: 'broadcast', message: 2 });
    await cluster.runFor(100);
    const fates = new Set(cluster.trace.flatMap((e) => (e.kind === 'send' ? [e.fate] : [])));
    expect(fates).toEqual(new Set(['sent', 'cut', 'crashed']));
    cluster.recover();
    const { afterMs } = await awaitConvergence(cluster, { read: { type: 'read' }, value: sorted, expected: [1, 2] });
    expect(afterMs).toBeGreaterThan(0);
    expect(cluster.trace.some((e) => e.kind === 'restart' && e.node === 'n3')).toBe(true);
  });

  it('keeps storage across a crash and loses the rest; a restart runs init again', async () => {
    const cluster = await localCluster(counter, { nodes: 2, seed: 7 });
    for (let i = 0; i < 3; i++) await cluster.call('n1', { type: 'add' });
    cluster.crash('n1');
    expect((await cluster.call('n1', { type: 'read' })).status).toBe('timeout');
    cluster.restart('n1');
    await cluster.call('n1', { type: 'add' });
    expect((await cluster.call('n1', { type: 'read' })).reply).toMatchObject({ volatile: 1, durable: 4, keys: ['count'] });
    expect(cluster.trace.filter((e) => e.kind === 'log').map((e) => e.kind === 'log' && `${e.node} ${e.text}`)).toEqual(['n1 starting with 0', 'n2 starting with 0', 'n1 starting with 3']);
    expect(cluster.trace.filter((e) => e.kind === 'store').length).toBe(4);
    // A fresh cluster on the same driver starts from empty storage.
    const fresh = await localCluster(counter, { nodes: 1, seed: 7 });
    expect((await fresh.call('n1', { type: 'read' })).reply).toMatchObject({ durable: 0, keys: [] });
  });

  it('stops a run that passes its bound on events', async () => {
    const cluster = await localCluster(gossip, { nodes: 10, seed: 8, maxEvents: 50 });
    for (let i = 0; i < 5; i++) cluster.invoke('n1', { type: 'broadcast', message: i });
    await expect(cluster.runFor(1_000)).rejects.toThrow(/handled or queued more than 50 events/);
  });

  it('fails with a diagram naming the node when a handler throws', async () => {
    const cluster = await localCluster(misbehaving, { nodes: 2, seed: 3 });
    const error = await cluster.call('n2', { type: 'boom' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailure);
    const failure = error as CheckFailure;
    expect(failure.message).toMatch(/^node n2 failed while handling a boom message from c1 at 1 ms: .*boom handled badly/);
    expect(failure.diagram!.join('\n')).toContain('c1→n2 {"type":"boom"}');
    const later = await (await localCluster(misbehaving, { nodes: 1, seed: 3 })).call('n1', { type: 'later' }).catch((e: unknown) => e);
    expect((later as Error).message).toMatch(/node n1 failed while handling a later message .*handlers must be synchronous/);
  });

  it('stops a driver whose handler never returns, within the bound, and names the cause', async () => {
    const stuck = await openLocalRuntime('ts', fixture('misbehaving'), join(dir, 'stuck'), 3_000);
    const cluster = await localCluster(stuck, { nodes: 1, seed: 6 });
    await expect(cluster.call('n1', { type: 'spin' })).rejects.toThrow(/did not finish a batch of events within 3000 ms of real time \(is a handler stuck in a loop\?\)/);
    await expect(cluster.call('n1', { type: 'read' })).rejects.toThrow(/did not finish a batch/);
    expect(stuck.alive).toBe(false);
    await stuck.stop();
    expect(() => process.kill(stuck.pid, 0)).toThrow();
  });

  it('catches a node whose messages depend on the wall clock', async () => {
    const ctx = contextFor(misbehaving, 4);
    const run = async (cluster: SimCluster) => { await cluster.call('n1', { type: 'read' }); };
    await expect(expectDeterministic(ctx, { run: run as never })).rejects.toThrow(/behaved differently on a replay of the same seed/);
    await expect(expectDeterministic(contextFor(gossip, 4), { run: run as never })).resolves.toBeUndefined();
  });

  it('shrinks a failing scenario to the requests that make it fail', async () => {
    const ctx = contextFor(gossip, 5);
    const scenarios = scenarioArbitrary({
      nodes: ['n1', 'n2', 'n3'], requests: fc.integer({ min: 0, max: 50 }).map((message) => ({ type: 'broadcast', message })),
      maxRequests: 8, faults: { partition: true, crash: true },
    });
    const error = await exploreCluster(ctx, {
      scenarios, runs: 40,
      async run(cluster, scenario) {
        await cluster.play(scenario);
        if (cluster.history.filter((op) => op.node === 'n2').length >= 2) cluster.fail('two requests reached n2');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckFailure);
    expect(ctx.steps.map((s) => (s.kind === 'note' ? s.text : '')).join()).toMatch(/smallest failing scenario: 2 requests \(/);
    expect((error as CheckFailure).diagram!.filter((l) => /c\d→n2 /.test(l))).toHaveLength(2);
  });
});
