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
// Unknown op -> {error:"unknown-op", op}; anything your code throws -> {error:"exception", message}.
// stdout carries replies only: log with console.error.
import { createInterface } from "node:readline";
import { HashRing, hash } from "./ring.ts";

type Req = { id: number; op: string; [key: string]: unknown };
type Reply = Record<string, unknown>;

let ring: HashRing | undefined;

const send = (reply: Reply) => process.stdout.write(JSON.stringify(reply) + "\n");
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function need(): HashRing {
  if (!ring) throw new Error("no ring: send {op:\"new\"} first");
  return ring;
}

function lookupAll(r: HashRing, prefix: string, count: number): (string | undefined)[] {
  const owners: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) owners.push(r.get(`${prefix}${i}`));
  return owners;
}

/** mulberry32, so a hammer run is the same for the same seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function hammer(req: Req): Promise<Reply> {
  const r = need();
  const stable = (req.stable ?? []) as string[];
  const churn = (req.churn ?? []) as string[];
  const workers = Number(req.workers ?? 8);
  const rounds = Number(req.rounds ?? 200);
  const cycles = Number(req.cycles ?? 20);
  const n = Number(req.n ?? 3);
  const rand = random(Number(req.seed ?? 1));
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
  await Promise.all([mutator(), ...Array.from({ length: workers }, reader)]);
  for (const node of churn) r.remove(node);
  return tally;
}

async function addConcurrently(req: Req): Promise<Reply> {
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
  await Promise.all([...nodes.map(adder), ...Array.from({ length: workers }, reader)]);
  return { ok: true, lookups };
}

async function handle(req: Req): Promise<Reply> {
  switch (req.op) {
    case "new":
      ring = new HashRing({ replicas: Number(req.replicas) });
      return { ok: true };
    case "hash":
      return { hash: hash(String(req.s)) };
    case "add":
      need().add(String(req.node));
      return { ok: true };
    case "remove":
      need().remove(String(req.node));
      return { ok: true };
    case "get": {
      const node = need().get(String(req.key));
      return { node: node === undefined ? null : node };
    }
    case "getN":
      return { nodes: need().getN(String(req.key), Number(req.n)) };
    case "owners": {
      const owners = lookupAll(need(), String(req.prefix), Number(req.count));
      const nodes = [...new Set(owners.filter((o): o is string => o !== undefined))].sort();
      const index = new Map(nodes.map((node, i) => [node, i]));
      return { nodes, owners: owners.map((o) => (o === undefined ? -1 : index.get(o))) };
    }
    case "spread": {
      const counts: Record<string, number> = {};
      let none = 0;
      for (const o of lookupAll(need(), String(req.prefix), Number(req.count))) {
        if (o === undefined) none++;
        else counts[o] = (counts[o] ?? 0) + 1;
      }
      return { counts, none };
    }
    case "hammer":
      return hammer(req);
    case "addConcurrently":
      return addConcurrently(req);
    default:
      return { error: "unknown-op", op: req.op };
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === "") continue;
  let req: Req;
  try {
    req = JSON.parse(line) as Req;
  } catch {
    console.error(`driver: ignoring a line that is not JSON: ${line}`);
    continue;
  }
  try {
    send({ id: req.id, ...(await handle(req)) });
  } catch (error) {
    send({ id: req.id, error: "exception", message: error instanceof Error ? error.message : String(error) });
  }
}
