// Stage 3: the coordinator answers at the quorum the request asked for, and with R + W <= N the grader finds
// the stale read that this allows (the lesson: shown, not failed).
import { clusterOf, defineStage, type ClientOp, type Cluster, type NodeId } from '../../../src/grader/api.js';
import {
  CLIENT_MS, N, NETWORK, SETTLE_MS, getResult, holdings, keysFor, preferenceList, putVersion,
} from './shared.js';

/**
 * When the coordinator counted its `need`-th answer to `op`: its own at once when it is a replica, then the
 * `replyType` answers delivered to it for the op's key. Only one op runs at a time, so they are all its own.
 */
function quorumTime(cluster: Cluster, op: ClientOp, homes: readonly NodeId[], replyType: string, need: number): number | undefined {
  const arrived = op.invokedAt + CLIENT_MS;
  const times = homes.includes(op.node) ? [arrived] : [];
  for (const e of cluster.trace) {
    if (e.kind === 'deliver' && e.t >= arrived && e.msg.dest === op.node && e.msg.body.type === replyType && e.msg.body.key === op.request.key) times.push(e.t);
  }
  return times.sort((a, b) => a - b)[need - 1];
}

export const stage = defineStage({
  id: 'weak-quorums',
  checks: [
    {
      id: 'answers-at-the-quorum',
      title: 'put_ok leaves at the W-th acknowledgement and get_ok at the R-th answer, for every W and R from 1 to 3',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        const keys = keysFor(ctx, N);
        for (const [i, key] of keys.entries()) {
          const homes = preferenceList(cluster.nodeIds, key).slice(0, N);
          for (let q = 1; q <= N; q++) {
            const node = q === 1 && i === 0 ? homes[0] : ctx.random.pick(cluster.nodeIds);
            for (const [type, field, replyType] of [['put', 'w', 'replicate_ok'], ['get', 'r', 'read_ok']] as const) {
              const body = type === 'put' ? { type, key, value: q, w: q } : { type, key, r: q };
              const op = await cluster.call(node, body);
              if (type === 'put') putVersion(cluster, op); else getResult(cluster, op);
              const due = quorumTime(cluster, op, homes, replyType, q);
              const sent = op.completedAt! - CLIENT_MS;
              if (due !== sent) {
                cluster.fail(`${node} answered ${type} ${key} with ${field}=${q} at ${sent} ms, but it had its ${q} ${type === 'put' ? 'acknowledgement' : 'answer'}${q > 1 ? 's' : ''} at ${due} ms: ` +
                  `answer in the handler call that counts the ${field.toUpperCase()}-th, no sooner and no later`, { expected: `${due} ms`, received: `${sent} ms`, at: sent });
              }
              await cluster.runFor(SETTLE_MS);
            }
          }
        }
      },
    },
    {
      id: 'stale-read-with-weak-quorums',
      title: 'With R = 1 and W = 1 (R + W <= N) a get on a lagging replica after an acknowledged put reads the old value: the grader shows it',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        const [key] = keysFor(ctx, 1);
        const homes = preferenceList(cluster.nodeIds, key).slice(0, N);
        const old = ctx.random.int(0, 1_000);
        putVersion(cluster, await cluster.call(homes[0], { type: 'put', key, value: old, w: 3 }));
        await cluster.runFor(SETTLE_MS);
        // A lagging replica: the link from the first replica to the third is cut while the put is in flight
        // (the grader's clock moves in steps, so a get sent "right after" could otherwise race the replicate).
        cluster.cut([homes[0]], [homes[2]]);
        cluster.note(`${homes[0]} → ${homes[2]} cut: ${homes[2]} lags behind`);
        const put = await cluster.call(homes[0], { type: 'put', key, value: old + 1, w: 1 });
        putVersion(cluster, put);
        const get = await cluster.call(homes[2], { type: 'get', key, r: 1 });
        const got = getResult(cluster, get);
        const seen = `get ${key} with r=1 on ${homes[2]} at ${get.invokedAt} ms, after put ${key}=${old + 1} with w=1 was acknowledged by ${homes[0]} alone, ` +
          `read ${got.value}. When the get arrived: ${holdings(cluster, key, homes, get.invokedAt + CLIENT_MS)}`;
        if (got.value !== old) {
          cluster.fail(`${seen}. With r=1 a replica answers from its own copy at once, before the put's replicate reaches it (10 ms at least): ` +
            'it must read the old value. Reading the new one means r or w was not honoured', { expected: old, received: got.value, at: get.completedAt });
        }
        cluster.heal();
        ctx.note(`stale read (the lesson of R + W <= N, not a failure): ${seen}`);
      },
    },
  ],
});
