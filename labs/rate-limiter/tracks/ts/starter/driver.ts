// Provided driver: do not edit. The grader talks to your limiters through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". Time is virtual: both limiters get this
// driver's clock, which moves only on "advance". One token bucket and one sliding-window limiter
// exist at a time; making a new one replaces the old. Replies:
//   bucket {rate, burst}                 -> {ok:true}    new TokenBucket({rate, burst, clock})
//   window {limit, windowMs, maxKeys}    -> {ok:true}    new SlidingWindowLimiter({limit, windowMs, maxKeys, clock})
//   advance {ms}                         -> {ok:true, now}   ms may be negative (the clock goes back);
//                                           now: ms since the driver started
//   allow                                -> {allowed}    bucket.allow()
//   allowN {n}                           -> {allowed}    bucket.allowN(n)
//   tokens                               -> {tokens}     bucket.tokens()
//   allowKey {key}                       -> {allowed}    window.allow(key)
//   size                                 -> {size}       window.size()
//   spray {prefix, count}
//       window.allow(prefix + i) for i = 0 .. count-1, each followed by window.size().
//       Replies {allowed, size, maxSize}: how many were allowed, size() at the end, the largest size() seen.
//   hammerBucket {workers, callsEach, nMax, seed, advanceSteps}
//       workers concurrent loops, each making callsEach bucket.allowN(n) calls (n from 1 to nMax) with
//       bucket.tokens() between them and a turn of the event loop after each; meanwhile, when
//       advanceSteps > 0, another loop moves the clock 1 ms forward advanceSteps times.
//       Replies {calls, allowed, taken, tokens, advancedMs}: taken is the sum of n over allowed calls,
//       tokens is bucket.tokens() at the end.
//   hammerWindow {workers, callsEach, keys?, seed}
//       workers concurrent loops, each making callsEach window.allow(key) calls with window.size()
//       between them; key: a random one of `keys`, or a key of its own for every call when keys is absent.
//       Replies {calls, allowed, requests:{key:n}, allowedByKey:{key:n}, size, maxSize}
//       (requests and allowedByKey only when keys is given).
//   contendBucket {rounds, workers, burst, holdMs}
//       rounds times: a new bucket (rate 0, burst), then workers allow() calls, one per worker. (Go's
//       driver runs them in goroutines released together; here they run one after another.)
//       Replies {results: [{allowed, tokens}]}, one per round; tokens is tokens() after the round.
//   churn {prefix, count, every}
//       window.allow(prefix + i) for i = 0 .. count-1, the clock moved forward by the window after every
//       `every` calls (so the earlier keys go idle). Replies {allowed, size, heapGrowthBytes}: the growth
//       of the live heap (after a full collection) from before the first call to after the last.
// The wire (wire.ts) answers an unknown op, a malformed line, and anything your code throws.
// stdout carries replies only: log with console.error.
import { SlidingWindowLimiter, TokenBucket } from "./limiter.ts";
import { VirtualClock, collectGarbage, parallel, seeded, serve, turn, type Reply, type Request } from "./wire.ts";

const clock = new VirtualClock();
let bucket: TokenBucket | undefined;
let window: SlidingWindowLimiter | undefined;
let windowMs = 0; // the window of the current sliding-window limiter

function needBucket(): TokenBucket {
  if (!bucket) throw new Error('no token bucket: send {"op":"bucket"} first');
  return bucket;
}

function needWindow(): SlidingWindowLimiter {
  if (!window) throw new Error('no sliding-window limiter: send {"op":"window"} first');
  return window;
}

async function hammerBucket(req: Request): Promise<Reply> {
  const b = needBucket();
  const workers = Number(req.workers ?? 8);
  const callsEach = Number(req.callsEach ?? 100);
  const nMax = Math.max(1, Number(req.nMax ?? 1));
  const advanceSteps = Number(req.advanceSteps ?? 0);
  const rand = seeded(Number(req.seed ?? 1));
  const tally = { calls: 0, allowed: 0, taken: 0 };
  const worker = async () => {
    for (let i = 0; i < callsEach; i++) {
      const n = 1 + Math.floor(rand() * nMax);
      tally.calls++;
      if (b.allowN(n)) { tally.allowed++; tally.taken += n; }
      b.tokens();
      await (rand() < 0.5 ? Promise.resolve() : turn());
    }
  };
  let advancedMs = 0;
  const ticker = async () => {
    for (let i = 0; i < advanceSteps; i++) {
      await turn();
      clock.advance(1);
      advancedMs++;
    }
  };
  await Promise.all([parallel(workers, worker), ticker()]);
  return { ...tally, tokens: b.tokens(), advancedMs };
}

async function hammerWindow(req: Request): Promise<Reply> {
  const w = needWindow();
  const workers = Number(req.workers ?? 8);
  const callsEach = Number(req.callsEach ?? 100);
  const keys = Array.isArray(req.keys) ? req.keys.map(String) : undefined;
  const rand = seeded(Number(req.seed ?? 1));
  const requests: Record<string, number> = {};
  const allowedByKey: Record<string, number> = {};
  let calls = 0;
  let allowed = 0;
  let maxSize = 0;
  const worker = async (index: number) => {
    for (let i = 0; i < callsEach; i++) {
      const key = keys ? keys[Math.floor(rand() * keys.length)] : `w${index}-${i}`;
      calls++;
      if (keys) requests[key] = (requests[key] ?? 0) + 1;
      if (w.allow(key)) {
        allowed++;
        if (keys) allowedByKey[key] = (allowedByKey[key] ?? 0) + 1;
      }
      maxSize = Math.max(maxSize, w.size());
      await (rand() < 0.5 ? Promise.resolve() : turn());
    }
  };
  await parallel(workers, worker);
  const reply: Reply = { calls, allowed, size: w.size(), maxSize };
  if (keys) { reply.requests = requests; reply.allowedByKey = allowedByKey; }
  return reply;
}

function contendBucket(req: Request): Reply {
  const results: Reply[] = [];
  for (let round = 0; round < Number(req.rounds ?? 0); round++) {
    bucket = new TokenBucket({ rate: 0, burst: Number(req.burst), clock });
    let allowed = 0;
    for (let w = 0; w < Number(req.workers ?? 0); w++) if (bucket.allow()) allowed++;
    results.push({ allowed, tokens: bucket.tokens() });
  }
  return { results };
}

/** The heap still in use after a full collection. */
function liveHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function churn(req: Request): Reply {
  const w = needWindow();
  const prefix = String(req.prefix ?? "");
  const count = Number(req.count ?? 0);
  const every = Math.max(1, Number(req.every ?? 1));
  const before = liveHeap();
  let allowed = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % every === 0) clock.advance(windowMs);
    if (w.allow(prefix + i)) allowed++;
  }
  const size = w.size();
  return { allowed, size, heapGrowthBytes: liveHeap() - before };
}

await serve({
  bucket: (req) => {
    bucket = undefined;
    bucket = new TokenBucket({ rate: Number(req.rate), burst: Number(req.burst), clock });
    return { ok: true };
  },
  window: (req) => {
    window = undefined;
    window = new SlidingWindowLimiter({ limit: Number(req.limit), windowMs: Number(req.windowMs), maxKeys: Number(req.maxKeys), clock });
    windowMs = Number(req.windowMs);
    return { ok: true };
  },
  advance: (req) => ({ ok: true, now: clock.advance(Number(req.ms)) }),
  allow: () => ({ allowed: needBucket().allow() }),
  allowN: (req) => ({ allowed: needBucket().allowN(Number(req.n)) }),
  tokens: () => ({ tokens: needBucket().tokens() }),
  allowKey: (req) => ({ allowed: needWindow().allow(String(req.key)) }),
  size: () => ({ size: needWindow().size() }),
  spray: (req) => {
    const w = needWindow();
    const prefix = String(req.prefix ?? "");
    const count = Number(req.count ?? 0);
    let allowed = 0;
    let maxSize = 0;
    for (let i = 0; i < count; i++) {
      if (w.allow(prefix + i)) allowed++;
      maxSize = Math.max(maxSize, w.size());
    }
    return { allowed, size: w.size(), maxSize };
  },
  hammerBucket,
  hammerWindow,
  contendBucket,
  churn,
});
