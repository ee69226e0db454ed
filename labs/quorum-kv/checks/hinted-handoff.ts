// Stage 5: a put whose replica is down leaves a hint on the stand-in the README names; the hint goes home
// when the replica returns; with two replicas down, stand-ins complete the write quorum (a sloppy quorum).
import { clusterOf, defineStage, type CheckContext, type Cluster, type NodeId } from '../../../src/grader/api.js';
import {
  CLIENT_MS, N, NETWORK, SETTLE_MS, entryOf, getResult, holdings, keysFor, pickOther, preferenceList, putVersion,
} from './shared.js';

/** README rule 6: how long after a replica's restart it must hold the hinted write, and its hint be gone. */
const HANDOFF_WITHIN_MS = 500;
/** README: a request without its quorum is answered error 11 this long after it arrived. */
const DEADLINE_MS = 500;

function expectHint(cluster: Cluster, standIn: NodeId, home: NodeId, key: string, value: number): void {
  const hint = entryOf(cluster, standIn, `hint/${home}/${key}`);
  if (hint?.value !== value) {
    const where = cluster.nodeIds.filter((n) => entryOf(cluster, n, `hint/${home}/${key}`));
    cluster.fail(`${SETTLE_MS} ms after put ${key}=${value} while its replica ${home} was down, the stand-in ${standIn} does not hold ` +
      `hint/${home}/${key} (${where.length ? `it is on ${where.join(', ')}` : 'no node holds it'})`, { expected: value, received: hint?.value ?? null });
  }
}

async function expectHandedBack(cluster: Cluster, standIn: NodeId, home: NodeId, key: string, value: number, restartedAt: number): Promise<void> {
  await cluster.runFor(restartedAt + HANDOFF_WITHIN_MS - cluster.now());
  const held = entryOf(cluster, home, `kv/${key}`);
  if (held?.value !== value) {
    cluster.fail(`${HANDOFF_WITHIN_MS} ms after ${home} restarted, it still does not hold ${key}=${value}, which ${standIn} kept for it as a hint: ` +
      'a stand-in must send its hints home until they are acknowledged', { expected: value, received: held?.value ?? null });
  }
  if (entryOf(cluster, standIn, `hint/${home}/${key}`)) {
    cluster.fail(`${home} holds ${key}=${value} again, but ${standIn} still keeps hint/${home}/${key}: a hint acknowledged by its home is deleted`);
  }
}

/**
 * Crashes `down` (replicas of `key`), puts a value with w = 2 through a node that is up, and expects the
 * put_ok and, 300 ms later, each hint on the stand-in the README names (the i-th replica down, the i-th).
 */
async function putWhileDown(ctx: CheckContext, cluster: Cluster, key: string, down: NodeId[]): Promise<number> {
  const standIns = preferenceList(cluster.nodeIds, key).slice(N);
  for (const n of down) cluster.crash(n);
  const value = ctx.random.int(0, 1_000_000);
  const put = await cluster.call(pickOther(ctx, cluster, down), { type: 'put', key, value, w: 2 });
  if (put.status === 'ok' && put.reply!.type !== 'put_ok') {
    cluster.fail(`put ${key} with w=2 failed while ${down.join(' and ')} ${down.length > 1 ? 'were' : 'was'} down: a stand-in's acknowledgement counts towards W (a sloppy quorum)`,
      { expected: { type: 'put_ok' }, received: put.reply, at: put.completedAt });
  }
  putVersion(cluster, put);
  await cluster.runFor(SETTLE_MS);
  down.forEach((home, i) => expectHint(cluster, standIns[i], home, key, value));
  return value;
}

export const stage = defineStage({
  id: 'hinted-handoff',
  checks: [
    {
      id: 'hint-kept-and-handed-back',
      title: 'With one replica down, its first stand-in keeps the write as a hint and, even after crashing itself, hands it back once the replica restarts',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        for (const key of keysFor(ctx, 3)) {
          const list = preferenceList(cluster.nodeIds, key);
          const home = ctx.random.pick(list.slice(0, N));
          const value = await putWhileDown(ctx, cluster, key, [home]);
          // The stand-in crashes too while it holds the hint: the hint is in its storage, so it still goes home.
          cluster.crash(list[N]);
          await cluster.runFor(ctx.random.int(1, 400));
          cluster.restart(list[N]);
          cluster.restart(home);
          await expectHandedBack(cluster, list[N], home, key, value, cluster.now());
        }
      },
    },
    {
      id: 'sloppy-quorum',
      title: 'With two replicas down, a put with w = 2 is acknowledged through a stand-in; a get with r = 2 is not; both hints go home; with all three down, w = 3 fails at 500 ms',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        for (const key of keysFor(ctx, 2)) {
          const list = preferenceList(cluster.nodeIds, key);
          const up = ctx.random.pick(list.slice(0, N));
          const down = list.slice(0, N).filter((n) => n !== up);
          const value = await putWhileDown(ctx, cluster, key, down);
          const get = await cluster.call(pickOther(ctx, cluster, down), { type: 'get', key, r: 2 });
          if (get.status !== 'ok' || get.reply!.type !== 'error' || get.reply!.code !== 11) {
            cluster.fail(`get ${key} with r=2 while only ${up} of its replicas was up must answer error 11 (hints are never read)`, { expected: { type: 'error', code: 11 }, received: get.reply ?? '(no reply)', at: get.completedAt });
          }
          for (const n of down) cluster.restart(n);
          const restartedAt = cluster.now();
          for (const [i, home] of down.entries()) await expectHandedBack(cluster, list[N + i], home, key, value, restartedAt);
          const after = await cluster.call(up, { type: 'get', key, r: 3 });
          if (getResult(cluster, after).value !== value) cluster.fail(`after the handoff, get ${key} with r=3 read ${after.reply!.value}: ${holdings(cluster, key, list.slice(0, N))}`, { expected: value, received: after.reply!.value });
          // Every replica down: the two stand-ins make at most 2 acknowledgements, so w=3 fails exactly at 500 ms.
          for (const n of list.slice(0, N)) cluster.crash(n);
          const failing = await cluster.call(list[N], { type: 'put', key, value: value + 1, w: 3 });
          const due = failing.invokedAt + 2 * CLIENT_MS + DEADLINE_MS;
          if (failing.status !== 'ok' || failing.reply!.type !== 'error' || failing.reply!.code !== 11 || failing.completedAt !== due) {
            cluster.fail(`put ${key} with w=3 while all its replicas were down must answer error 11 at ${DEADLINE_MS} ms (only two stand-ins can acknowledge)`,
              { expected: { type: 'error', code: 11, at: `${due} ms` }, received: failing.status === 'ok' ? { ...failing.reply, at: `${failing.completedAt} ms` } : '(no reply)', at: failing.completedAt });
          }
          cluster.recover();
          await cluster.runFor(SETTLE_MS);
        }
      },
    },
  ],
});
