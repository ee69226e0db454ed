// Stage 4: a get that finds a stale replica repairs it; a repair never replaces a newer version.
import { clusterOf, defineStage, type CheckContext, type Cluster } from '../../../src/grader/api.js';
import {
  N, NETWORK, SETTLE_MS, entryOf, expectVersionsNeverGoBack, getResult, holdings, keysFor, preferenceList, putVersion,
} from './shared.js';

/** README rule 5: how long after a get its stale replicas must hold the newest version. */
const REPAIR_WITHIN_MS = 600;

/**
 * Leaves `key`'s third replica without the put of `value`: it and the stand-in that would keep its hint are
 * down during the put; then the replica restarts (the stand-in stays down, so no handoff can fix it).
 * Returns the replicas, the stand-ins and the coordinator (the second stand-in, which holds no copy).
 */
async function staleReplica(cluster: Cluster, key: string, value: number) {
  const list = preferenceList(cluster.nodeIds, key);
  const homes = list.slice(0, N);
  const [standIn, coordinator] = list.slice(N);
  const stale = homes[N - 1];
  cluster.crash(stale);
  cluster.crash(standIn);
  putVersion(cluster, await cluster.call(coordinator, { type: 'put', key, value, w: 2 }));
  await cluster.runFor(SETTLE_MS);
  cluster.restart(stale);
  cluster.note(`${stale} restarted without ${key}=${value}; ${standIn}, which would hand its hint back, stays down`);
  return { homes, stale, coordinator };
}

async function repairedByRead(ctx: CheckContext, r: number): Promise<void> {
  const cluster = await clusterOf(ctx).start({ network: NETWORK });
  for (const key of keysFor(ctx, 2)) {
    const value = ctx.random.int(0, 1_000_000);
    const { homes, stale, coordinator } = await staleReplica(cluster, key, value);
    const get = await cluster.call(coordinator, { type: 'get', key, r });
    const got = getResult(cluster, get);
    if (got.value !== value) cluster.fail(`get ${key} with r=${r} read ${got.value}, not ${value}: ${holdings(cluster, key, homes, get.invokedAt + 1)}`, { expected: value, received: got.value, at: get.completedAt });
    await cluster.runFor(get.invokedAt + REPAIR_WITHIN_MS - cluster.now());
    const held = entryOf(cluster, stale, `kv/${key}`);
    if (held?.value !== value) {
      cluster.fail(`${REPAIR_WITHIN_MS} ms after a get of ${key} that ${stale} answered with an older copy, ${stale} still holds ${held ? held.value : 'nothing'}: ` +
        `the read that noticed it must repair it. Now: ${holdings(cluster, key, homes)}`, { expected: value, received: held?.value ?? null });
    }
    cluster.recover();
    await cluster.runFor(SETTLE_MS);
  }
}

export const stage = defineStage({
  id: 'read-repair',
  checks: [
    {
      id: 'stale-replica-repaired',
      title: 'A get that finds a replica without the newest version repairs it within 600 ms, with r = 3 and with r = 2',
      async run(ctx) {
        await repairedByRead(ctx, 3);
        await repairedByRead(ctx, 2);
      },
    },
    {
      id: 'repair-never-goes-back',
      title: 'A repair that arrives after a newer put leaves the newer version in place',
      async run(ctx) {
        // Fixed latency: the get's read and a put sent right after it reach the stale replica together, in order,
        // so the repair the get then sends (of the older value) arrives after the newer put.
        const cluster = await clusterOf(ctx).start({ network: { ...NETWORK, latency: { kind: 'fixed', ms: 20 } } });
        for (const key of keysFor(ctx, 2)) {
          const value = ctx.random.int(0, 1_000_000);
          const { homes, coordinator } = await staleReplica(cluster, key, value);
          cluster.invoke(coordinator, { type: 'get', key, r: 2 });
          const put = cluster.invoke(coordinator, { type: 'put', key, value: value + 1, w: 3 });
          await cluster.settle();
          putVersion(cluster, put);
          await cluster.runFor(REPAIR_WITHIN_MS);
          expectVersionsNeverGoBack(cluster);
          const get = await cluster.call(coordinator, { type: 'get', key, r: 3 });
          const got = getResult(cluster, get);
          if (got.value !== value + 1) cluster.fail(`after put ${key}=${value + 1} (w=3) and a repair, get read ${got.value}: ${holdings(cluster, key, homes, get.invokedAt + 1)}`, { expected: value + 1, received: got.value, at: get.completedAt });
          cluster.recover();
          await cluster.runFor(SETTLE_MS);
        }
      },
    },
  ],
});
