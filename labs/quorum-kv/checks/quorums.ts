// Stage 2: with R + W > N, a get reads the last acknowledged put while up to N - W replicas are down for the
// put and up to N - R (maybe others) for the get; every acknowledgement is persisted first.
import { clusterOf, defineStage, type CheckContext } from '../../../src/grader/api.js';
import {
  N, NETWORK, SETTLE_MS, expectDurableAcks, getResult, holdings, keysFor, pickOther, preferenceList, putVersion,
} from './shared.js';

/** [R, W] pairs with R + W > N, each tried on two keys. */
const QUORUMS: [number, number][] = [[2, 2], [1, 3], [3, 1]];

async function quorumRun(ctx: CheckContext): Promise<void> {
  const cluster = await clusterOf(ctx).start({ network: NETWORK });
  const keys = keysFor(ctx, QUORUMS.length * 2);
  for (const [i, key] of keys.entries()) {
    const [r, w] = QUORUMS[Math.floor(i / 2)];
    const homes = preferenceList(cluster.nodeIds, key).slice(0, N);
    // Down for the put: N - W replicas, drawn from the seed.
    const offset = ctx.random.int(0, N - 1);
    const downForPut = [...homes.slice(offset), ...homes.slice(0, offset)].slice(0, N - w);
    for (const n of downForPut) cluster.crash(n);
    cluster.note(`${key}: replicas ${homes.join(', ')}; ${downForPut.length ? `${downForPut.join(', ')} down` : 'none down'} for a put with w=${w}`);
    const value = ctx.random.int(0, 1_000_000);
    const put = await cluster.call(pickOther(ctx, cluster, downForPut), { type: 'put', key, value, w });
    if (put.status === 'ok' && put.reply!.type !== 'put_ok') {
      cluster.fail(`put ${key} with w=${w} failed while ${N - downForPut.length} of its replicas were up: W of them must be enough`, { expected: { type: 'put_ok' }, received: put.reply, at: put.completedAt });
    }
    putVersion(cluster, put);
    await cluster.runFor(SETTLE_MS);
    // The get: the restarted replicas are stale (a restart and a get at once leave no time for a handoff);
    // down now are N - R replicas that were up for the put, the ones holding the write.
    for (const n of downForPut) cluster.restart(n);
    const downForGet = homes.filter((n) => !downForPut.includes(n)).slice(0, N - r);
    for (const n of downForGet) cluster.crash(n);
    const coordinator = downForPut[0] ?? pickOther(ctx, cluster, downForGet);
    cluster.note(`${downForGet.length ? `${downForGet.join(', ')} down` : 'none down'} for a get with r=${r} on ${coordinator}`);
    const get = await cluster.call(coordinator, { type: 'get', key, r });
    const got = getResult(cluster, get);
    if (got.value !== value) {
      cluster.fail(`get ${key} with r=${r} on ${coordinator} read ${got.value} after put ${key}=${value} was acknowledged with w=${w} ` +
        `(r + w > ${N}: the replicas read must include one holding it). When the get arrived: ${holdings(cluster, key, homes, get.invokedAt + 1)}`,
      { expected: value, received: got.value, at: get.completedAt });
    }
    cluster.recover();
    await cluster.runFor(SETTLE_MS);
  }
}

export const stage = defineStage({
  id: 'quorums',
  checks: [
    {
      id: 'quorum-survives-crashes',
      title: 'With R + W > N, a get reads the acknowledged put while N - W replicas were down for it and N - R for the get',
      run: (ctx) => quorumRun(ctx),
    },
    {
      id: 'ack-after-persist',
      title: 'A replica acknowledges a write only once its storage holds it',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        for (const key of keysFor(ctx, 6)) {
          const put = await cluster.call(ctx.random.pick(cluster.nodeIds), { type: 'put', key, value: ctx.random.int(0, 1_000_000), w: 3 });
          putVersion(cluster, put);
          await cluster.runFor(SETTLE_MS);
        }
        expectDurableAcks(cluster);
      },
    },
  ],
});
