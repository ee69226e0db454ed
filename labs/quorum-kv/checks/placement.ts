// Stage 1: every put lands on exactly its key's three replicas on the ring; any node coordinates; gets read it back.
import { clusterOf, defineStage, expectDeterministic, type CheckContext, type Cluster } from '../../../src/grader/api.js';
import {
  N, NETWORK, SETTLE_MS, entryOf, getResult, holdings, keysFor, preferenceList, putVersion, storageOf,
} from './shared.js';

/** Puts `count` keys through coordinators drawn from the seed, one at a time; returns key → [value, version]. */
async function putKeys(ctx: CheckContext, cluster: Cluster, count: number) {
  const written = new Map<string, { value: number; version: [number, string] }>();
  for (const key of keysFor(ctx, count)) {
    const value = ctx.random.int(0, 1_000_000);
    const op = await cluster.call(ctx.random.pick(cluster.nodeIds), { type: 'put', key, value });
    written.set(key, { value, version: putVersion(cluster, op) });
    await cluster.runFor(SETTLE_MS);
  }
  return written;
}

export const stage = defineStage({
  id: 'placement',
  checks: [
    {
      id: 'put-reaches-its-replicas',
      title: 'A put is stored on its key\'s three replicas on the ring, and on no other node',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        const written = await putKeys(ctx, cluster, 8);
        for (const [key, { value, version }] of written) {
          const homes = preferenceList(cluster.nodeIds, key).slice(0, N);
          const holders = cluster.nodeIds.filter((n) => storageOf(cluster, n).has(`kv/${key}`));
          for (const home of homes) {
            const e = entryOf(cluster, home, `kv/${key}`);
            if (!e || e.value !== value || e.version.join() !== version.join()) {
              cluster.fail(`${SETTLE_MS} ms after put ${key}=${value} was acknowledged, its replica ${home} does not hold it ` +
                `(the ring places ${key} on ${homes.join(', ')}; kv/${key} is on ${holders.join(', ') || 'no node'}): ${holdings(cluster, key, cluster.nodeIds)}`,
              { expected: { value, version }, received: e ?? '(no kv/' + key + ')' });
            }
          }
          const strays = holders.filter((n) => !homes.includes(n));
          if (strays.length) cluster.fail(`kv/${key} is stored on ${strays.join(', ')}, which are not among its replicas ${homes.join(', ')} on the ring`);
        }
        const hints = cluster.nodeIds.flatMap((n) => [...storageOf(cluster, n).keys()].filter((k) => k.startsWith('hint/')).map((k) => `${n}: ${k}`));
        if (hints.length) cluster.fail(`with no replica down, no node may keep a hint, yet ${hints.join(', ')}`);
      },
    },
    {
      id: 'get-reads-the-latest',
      title: 'A get on any node reads the last acknowledged put of a key, and null for a key never written',
      async run(ctx) {
        const cluster = await clusterOf(ctx).start({ network: NETWORK });
        const written = await putKeys(ctx, cluster, 4);
        // Overwrite each key once through another coordinator: the later put must win.
        for (const [key, before] of written) {
          const value = before.value + 1;
          const op = await cluster.call(ctx.random.pick(cluster.nodeIds), { type: 'put', key, value });
          written.set(key, { value, version: putVersion(cluster, op) });
          await cluster.runFor(SETTLE_MS);
        }
        for (const [key, { value }] of written) {
          for (const node of cluster.nodeIds) {
            const op = await cluster.call(node, { type: 'get', key });
            const got = getResult(cluster, op);
            if (got.value !== value) {
              cluster.fail(`get ${key} on ${node} read ${got.value}, not the last acknowledged put (${value}); ${holdings(cluster, key, preferenceList(cluster.nodeIds, key).slice(0, N))}`,
                { expected: value, received: got.value, at: op.completedAt });
            }
          }
        }
        const missing = await cluster.call(ctx.random.pick(cluster.nodeIds), { type: 'get', key: 'never0written' });
        const got = getResult(cluster, missing);
        if (got.value !== null || got.version !== null) cluster.fail('a get of a key never written must answer value null and version null', { expected: { value: null, version: null }, received: missing.reply });
      },
    },
    {
      id: 'same-seed-same-run',
      title: 'The same seed gives the same run, event for event',
      run: (ctx) => expectDeterministic(ctx, {
        cluster: { network: NETWORK },
        run: async (cluster) => {
          const ops = ['a1', 'b2', 'c3', 'a1', 'b2'].map((key, i) => cluster.invoke(cluster.nodeIds[i % cluster.nodeIds.length], { type: 'put', key, value: i }));
          await cluster.settle();
          for (const key of ['a1', 'b2', 'c3']) cluster.invoke(cluster.nodeIds[ops.length % 5], { type: 'get', key, r: 3 });
          await cluster.settle();
          await cluster.runFor(SETTLE_MS);
        },
      }),
    },
  ],
});
