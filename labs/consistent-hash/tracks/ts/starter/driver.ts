// Provided driver: do not edit. The grader talks to your ring through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Replies:
//   new {replicas}          -> {ok:true}           a fresh `new HashRing({ replicas })`
//   hash {s}                -> {hash}              hash(s)
//   add {node}              -> {ok:true}
//   remove {node}           -> {ok:true}
//   get {key}               -> {node}              node: the name, or null when get returns undefined
//   getN {key, n}           -> {nodes:[...]}
//   owners {prefix, count}  -> {nodes:[...], owners:[...]}
//       get(prefix + i) for i in 0..count-1: owners[i] indexes `nodes` (the distinct names, sorted),
//       -1 where get returned undefined.
//   spread {prefix, count}  -> {counts:{node: keys}, none}   how many of those keys each node owns
//   hammer {stable, churn, workers, rounds, cycles, n, seed}
//       adds the `stable` nodes, then runs `workers` loops of `rounds` lookups each (get and getN(key, n)
//       on random keys, alternately) while another loop adds and removes the `churn` nodes `cycles`
//       times, yielding to the event loop between operations; every churn node is removed at the end.
//       Replies {gets, getNs, mutations, missing, strangers, duplicates, badLengths}:
//       missing: gets that found no node; strangers: answers naming a node never added;
//       duplicates: getN lists naming a node twice; badLengths: getN lists shorter than
//       min(n, stable nodes) or longer than n.
//   addConcurrently {nodes, workers} -> {ok:true, lookups}
//       adds every node from its own loop while `workers` loops call get, all interleaved.
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { HashRing, hash } from "./ring.ts";
import { parallel, seeded, serve, turn, type Reply, type Request } from "./wire.ts";

let ring: HashRing | undefined;

function need(): HashRing {
  if (!ring) throw new Error("no ring: send {op:\"new\"} first");
  return ring;
}

function lookupAll(r: HashRing, prefix: string, count: number): (string | undefined)[] {
  const owners: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) owners.push(r.get(`${prefix}${i}`));
  return owners;
}

async function hammer(req: Request): Promise<Reply> {
  const r = need();
  const stable = (req.stable ?? []) as string[];
  const churn = (req.churn ?? []) as string[];
  const workers = Number(req.workers ?? 8);
  const rounds = Number(req.rounds ?? 200);
  const cycles = Number(req.cycles ?? 20);
  const n = Number(req.n ?? 3);
  const rand = seeded(Number(req.seed ?? 1));
  const known = new Set([...stable, ...churn]);
  const tally = { gets: 0, getNs: 0, mutations: 0, missing: 0, strangers: 0, duplicates: 0, badLengths: 0 };
  for (const node of stable) r.add(node);
  const reader = async () => {
    for (let i = 0; i < rounds; i++) {
      const key = `k${Math.floor(rand() * 100_000)}`;
      if (i % 2 === 0) {
        tally.gets++;
        const node = r.get(key);
        if (node === undefined) tally.missing++;
        else if (!known.has(node)) tally.strangers++;
      } else {
        tally.getNs++;
        const list = r.getN(key, n);
        if (list.some((node) => !known.has(node))) tally.strangers++;
        if (new Set(list).size !== list.length) tally.duplicates++;
        if (list.length < Math.min(n, stable.length) || list.length > n) tally.badLengths++;
      }
      await turn();
    }
  };
  const mutator = async () => {
    for (let c = 0; c < cycles; c++) {
      for (const node of churn) { r.add(node); tally.mutations++; await turn(); }
      for (const node of churn) { r.remove(node); tally.mutations++; await turn(); }
    }
  };
  await Promise.all([mutator(), parallel(workers, reader)]);
  for (const node of churn) r.remove(node);
  return tally;
}

async function addConcurrently(req: Request): Promise<Reply> {
  const r = need();
  const nodes = (req.nodes ?? []) as string[];
  const workers = Number(req.workers ?? 4);
  let adding = nodes.length;
  let lookups = 0;
  const adder = async (node: string) => { await turn(); r.add(node); adding--; };
  const reader = async () => {
    let i = 0;
    while (adding > 0) { r.get(`a${i++}`); lookups++; await turn(); }
  };
  await Promise.all([parallel(nodes.length, (i) => adder(nodes[i])), parallel(workers, reader)]);
  return { ok: true, lookups };
}

await serve({
  new: (req) => {
    ring = new HashRing({ replicas: Number(req.replicas) });
    return { ok: true };
  },
  hash: (req) => ({ hash: hash(String(req.s)) }),
  add: (req) => {
    need().add(String(req.node));
    return { ok: true };
  },
  remove: (req) => {
    need().remove(String(req.node));
    return { ok: true };
  },
  get: (req) => {
    const node = need().get(String(req.key));
    return { node: node === undefined ? null : node };
  },
  getN: (req) => ({ nodes: need().getN(String(req.key), Number(req.n)) }),
  owners: (req) => {
    const owners = lookupAll(need(), String(req.prefix), Number(req.count));
    const nodes = [...new Set(owners.filter((o): o is string => o !== undefined))].sort();
    const index = new Map(nodes.map((node, i) => [node, i]));
    return { nodes, owners: owners.map((o) => (o === undefined ? -1 : index.get(o))) };
  },
  spread: (req) => {
    const counts: Record<string, number> = {};
    let none = 0;
    for (const o of lookupAll(need(), String(req.prefix), Number(req.count))) {
      if (o === undefined) none++;
      else counts[o] = (counts[o] ?? 0) + 1;
    }
    return { counts, none };
  },
  hammer,
  addConcurrently,
});
