// Provided driver: do not edit. The grader talks to your cache through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: the cache gets this driver's
// clock, which moves only on "advance". Values are strings. Replies:
//   new {capacity, reentrant?}    -> {ok:true} | {error:"rejected", message}   (rejected: the constructor threw RangeError)
//       A fresh LRUCache<string> whose onEvict records every call. With reentrant:true the callback
//       also calls len() and get(key) on the cache itself, and records what they returned.
//   set {key, value, ttlMs?}      -> {ok:true, evicted}  | {error:"rejected", message, evicted}  (set threw RangeError)
//   get {key}                     -> {hit:true, value, evicted} | {hit:false, evicted}
//   delete {key}                  -> {deleted, evicted}
//   len                           -> {len, evicted}
//       evicted: the onEvict calls made during this request, in order: [key, value, reason], or with
//       reentrant:true [key, value, reason, len() inside the callback, get(key) inside the callback or null].
//   advance {ms}                  -> {ok:true, now}   now: ms since the driver started
//   time {subject?, ops, capacity, keySpace, fill, seed, budgetMs, maxMsPerOp?, graceMs?}
//       subject "map": a plain Map (oldest key dropped past capacity; no recency, no TTL) instead of your
//       LRUCache, to see how this machine's memory slows any map as it grows.
//       Sets keys 0 .. fill-1 first (not timed), then runs one seeded workload of `ops` operations (get 55%, set 35% of which a third with a TTL,
//       delete 7%, len 3%, over `keySpace` keys; its own virtual clock moves 1 ms every 8 operations)
//       against a fresh LRUCache of `capacity`. The elapsed time is measured here with the monotonic
//       clock (performance.now). A run whose fill and workload together exceed budgetMs, or graceMs +
//       maxMsPerOp for each call made so far, stops early (completed:false).   -> {ms, fillMs, filled, completed, opsDone, hits, misses, len}
//   hammer {workers, opsEach, capacity, keySpace, seed}
//       `workers` interleaved async loops, each making opsEach random get/set/delete/len calls on a
//       fresh cache (a value is never set twice; some sets carry a TTL; a shared virtual clock moves),
//       yielding to the event loop between calls. Afterwards, with the clock still, len() is compared
//       with the keys that get() still finds.
//       -> {ops, capacity, maxLenSeen, lenOverCapacity, evictedTwice, evictedServed, finalLen, liveKeys, other}
//   hammer {workers, opsEach, capacity, keySpace, seed, gets:true}
//       Gets only: a cache of `capacity` holding keys k0 .. k(keySpace-1), no TTL; each loop calls get on
//       random keys and hands over to the next loop (await) after every call. Same reply.
// The wire (wire.ts) answers an unknown op and a malformed line; anything else your code throws
// -> {error:"exception", message, evicted}.
// stdout carries replies only: log with console.error.
import { performance } from "node:perf_hooks";
import { LRUCache, type Clock, type EvictionReason } from "./lru.ts";
import { VirtualClock, collectGarbage, exception, parallel, seeded, serve, turn, type Reply, type Request } from "./wire.ts";

const clock = new VirtualClock();
let cache: LRUCache<string> | undefined;
let evicted: unknown[][] = [];

function need(): LRUCache<string> {
  if (!cache) throw new Error('no cache: send {"op":"new"} first');
  return cache;
}

function drain(): unknown[][] {
  const list = evicted;
  evicted = [];
  return list;
}

function create(capacity: unknown, reentrant: boolean): Reply {
  let self: LRUCache<string> | undefined;
  const onEvict = (key: string, value: string, reason: EvictionReason) => {
    if (!reentrant || !self) {
      evicted.push([key, value, reason]);
      return;
    }
    const lenInside = self.len();
    const got = self.get(key);
    evicted.push([key, value, reason, lenInside, got === undefined ? null : got]);
  };
  evicted = [];
  try {
    self = new LRUCache<string>({ capacity: Number(capacity), clock, onEvict });
  } catch (error) {
    cache = undefined;
    if (error instanceof RangeError) return { error: "rejected", message: error.message };
    throw error;
  }
  cache = self;
  return { ok: true };
}

const GET = 0, SET = 1, SET_TTL = 2, DELETE = 3, LEN = 4;

interface TimedCache {
  get(key: string): string | undefined;
  set(key: string, value: string, ttlMs?: number): void;
  delete(key: string): boolean;
  len(): number;
}

/**
 * The "map" subject: the runtime's own Map, dropping its oldest key past the capacity, with no recency and
 * no expiry. Not a cache to copy: it only shows how this machine's memory slows any hash map as it grows.
 */
class PlainMap implements TimedCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly capacity: number) {}
  get(key: string): string | undefined { return this.map.get(key); }
  set(key: string, value: string): void {
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as string);
  }
  delete(key: string): boolean { return this.map.delete(key); }
  len(): number { return this.map.size; }
}

function timeWorkload(req: Request): Reply {
  const ops = Number(req.ops ?? 200_000);
  const capacity = Number(req.capacity ?? 5000);
  const keySpace = Number(req.keySpace ?? capacity * 2);
  const budgetMs = Number(req.budgetMs ?? 60_000);
  const rand = seeded(Number(req.seed ?? 1));
  const keys = Array.from({ length: keySpace }, (_, i) => `key-${i}`);
  const kinds = new Uint8Array(ops);
  const which = new Int32Array(ops);
  const ttls = new Int32Array(ops);
  for (let i = 0; i < ops; i++) {
    const r = rand();
    kinds[i] = r < 0.55 ? GET : r < 0.9 ? (rand() < 1 / 3 ? SET_TTL : SET) : r < 0.97 ? DELETE : LEN;
    which[i] = Math.floor(rand() * keySpace);
    ttls[i] = 1 + Math.floor(rand() * 3000);
  }
  let t = 0;
  const timedClock: Clock = { now: () => t };
  let evictions = 0;
  const onEvict = () => { evictions++; };
  const subject: TimedCache = req.subject === "map" ? new PlainMap(capacity) : new LRUCache<string>({ capacity, clock: timedClock, onEvict });
  // The fill (untimed, but inside the budget): keys 0 .. fill-1, so the workload starts on a full cache.
  const started = performance.now();
  const fill = Math.min(Number(req.fill ?? 0), keySpace);
  // Past budgetMs, or past graceMs + maxMsPerOp per call made so far (sets of the fill included), the run stops.
  const maxMsPerOp = Number(req.maxMsPerOp ?? Infinity);
  const graceMs = Number(req.graceMs ?? 0);
  const over = (calls: number) => {
    const elapsed = performance.now() - started;
    return elapsed > budgetMs || elapsed > graceMs + collecting + maxMsPerOp * calls;
  };
  let collecting = 0;
  let filled = 0;
  for (; filled < fill; filled++) {
    subject.set(keys[filled], keys[filled]);
    if ((filled & 255) === 255 && over(filled + 1)) {
      // Stopped during the fill: the whole reply all the same (the fill took all of the time).
      const ms = performance.now() - started;
      return { ms, fillMs: ms, filled: filled + 1, completed: false, opsDone: 0, hits: 0, misses: 0, len: subject.len(), evictions };
    }
  }
  const fillMs = performance.now() - started;
  collectGarbage(); // the fill's garbage is collected here, not during the timed workload
  collecting = performance.now() - started - fillMs; // the collection is not held against the pace
  let hits = 0, misses = 0, done = 0;
  let completed = true;
  const began = performance.now();
  for (let i = 0; i < ops; i++) {
    const key = keys[which[i]];
    switch (kinds[i]) {
      case GET:
        if (subject.get(key) === undefined) misses++; else hits++;
        break;
      case SET: subject.set(key, key); break;
      case SET_TTL: subject.set(key, key, ttls[i]); break;
      case DELETE: subject.delete(key); break;
      default: subject.len();
    }
    if ((i & 7) === 7) t++;
    done = i + 1;
    if ((i & 255) === 255 && over(filled + i + 1)) {
      completed = done === ops;
      break;
    }
  }
  const ms = performance.now() - began;
  return { ms: Math.round(ms * 1000) / 1000, fillMs, filled, completed, opsDone: done, hits, misses, len: subject.len(), evictions };
}

async function hammer(req: Request): Promise<Reply> {
  const workers = Number(req.workers ?? 8);
  const opsEach = Number(req.opsEach ?? 1000);
  const capacity = Number(req.capacity ?? 50);
  const keySpace = Number(req.keySpace ?? 200);
  const rand = seeded(Number(req.seed ?? 1));
  if (req.gets === true) return hammerGets(workers, opsEach, capacity, keySpace, rand);
  let t = 0;
  const hammerClock: Clock = { now: () => t };
  const evictedCount = new Map<string, number>();
  const c = new LRUCache<string>({
    capacity, clock: hammerClock,
    onEvict: (_key, value) => { evictedCount.set(value, (evictedCount.get(value) ?? 0) + 1); },
  });
  const tally = { ops: 0, capacity, maxLenSeen: 0, lenOverCapacity: 0, evictedTwice: 0, evictedServed: 0, finalLen: 0, liveKeys: 0, other: 0 };
  const worker = async (w: number) => {
    for (let i = 0; i < opsEach; i++) {
      const key = `k${Math.floor(rand() * keySpace)}`;
      const r = rand();
      try {
        if (r < 0.45) c.get(key);
        else if (r < 0.85) c.set(key, `${w}:${i}`, rand() < 0.3 ? 1 + Math.floor(rand() * 40) : 0);
        else if (r < 0.95) c.delete(key);
        const n = c.len();
        if (n > tally.maxLenSeen) tally.maxLenSeen = n;
        if (n > capacity) tally.lenOverCapacity++;
      } catch {
        tally.other++;
      }
      tally.ops++;
      if (i % 25 === 0) t++;
      if (i % 3 === 0) await turn();
      else await Promise.resolve();
    }
  };
  await parallel(workers, worker);
  for (const count of evictedCount.values()) if (count > 1) tally.evictedTwice++;
  tally.finalLen = c.len();
  for (let k = 0; k < keySpace; k++) {
    const value = c.get(`k${k}`);
    if (value === undefined) continue;
    tally.liveKeys++;
    if (evictedCount.has(value)) tally.evictedServed++;
  }
  return tally;
}

/** Gets only, on a cache holding every key asked for (nothing evicted, nothing expires): a lost key shows in liveKeys. */
async function hammerGets(workers: number, opsEach: number, capacity: number, keySpace: number, rand: () => number): Promise<Reply> {
  const c = new LRUCache<string>({ capacity, clock: { now: () => 0 }, onEvict: () => undefined });
  for (let k = 0; k < keySpace; k++) c.set(`k${k}`, `v${k}`);
  const tally = { ops: 0, capacity, maxLenSeen: 0, lenOverCapacity: 0, evictedTwice: 0, evictedServed: 0, finalLen: 0, liveKeys: 0, other: 0 };
  await parallel(workers, async () => {
    for (let i = 0; i < opsEach; i++) {
      try {
        c.get(`k${Math.floor(rand() * keySpace)}`);
      } catch {
        tally.other++;
      }
      tally.ops++;
      await Promise.resolve();
    }
  });
  tally.finalLen = tally.maxLenSeen = c.len();
  if (tally.finalLen > capacity) tally.lenOverCapacity = 1;
  for (let k = 0; k < keySpace; k++) if (c.get(`k${k}`) !== undefined) tally.liveKeys++;
  return tally;
}

await serve({
  new: (req) => create(req.capacity, req.reentrant === true),
  advance: (req) => ({ ok: true, now: clock.advance(Number(req.ms)) }),
  set: (req) => {
    const c = need();
    try {
      if (req.ttlMs === undefined || req.ttlMs === null) c.set(String(req.key), String(req.value));
      else c.set(String(req.key), String(req.value), Number(req.ttlMs));
    } catch (error) {
      if (error instanceof RangeError) return { error: "rejected", message: error.message, evicted: drain() };
      throw error;
    }
    return { ok: true, evicted: drain() };
  },
  get: (req) => {
    const value = need().get(String(req.key));
    return value === undefined ? { hit: false, evicted: drain() } : { hit: true, value, evicted: drain() };
  },
  delete: (req) => {
    const deleted = need().delete(String(req.key));
    return { deleted, evicted: drain() };
  },
  len: () => {
    const len = need().len();
    return { len, evicted: drain() };
  },
  time: timeWorkload,
  hammer,
}, (error) => ({ ...exception(error), evicted: drain() }));
