// Provided driver: do not edit. The grader talks to your filter through it, one JSON object per line.
//
// Every request has "id" (echoed in its reply) and "op". There is one current filter; "new",
// "capacity", "fromBytes" and "roundtrip" replace it. Items are JSON strings. Replies:
//   new {m, k}                -> {ok:true, m, k}    new BloomFilter(m, k); m and k read back from it
//   capacity {n, p}           -> {ok:true, m, k}    BloomFilter.fromCapacity(n, p)
//       new / capacity / fromBytes that throw -> {error:"invalid", message} (the current filter stays)
//   add {item}                -> {ok:true}
//   has {item}                -> {result}          mightContain(item)
//   locations {item}          -> {locations:[...]}
//   bitCount                  -> {bitCount}
//   size                      -> {sizeInBytes}
//   addMany {prefix, from, count}    -> {ok:true}  adds prefix+i for i = from .. from+count-1 (i in decimal)
//   countMany {prefix, from, count}  -> {count}    how many of those items mightContain reports present
//   toBytes                   -> {hex, length}     toBytes() as lowercase hex, and its length in bytes
//   fromBytes {hex}           -> {ok:true, m, k}   BloomFilter.fromBytes(bytes of hex) becomes the current filter
//   roundtrip                 -> {ok:true, m, k}   the current filter becomes fromBytes(toBytes(current))
//   memory {m, k, items}      -> {sizeInBytes, grewBy, bitCount}
//       builds a separate BloomFilter(m, k), adds "mem-0" .. "mem-<items-1>", and reports how much the
//       process's memory (V8 heap + ArrayBuffers, after a full garbage collection) grew while it is alive.
//   hammer {workers, itemsEach, prefix} -> {added, missedOwn, bitCount}
//       workers interleaved async loops on the current filter; worker w adds prefix+w+"-"+i for
//       i = 0 .. itemsEach-1, asks mightContain for it at once (missedOwn counts a "no") and for an item
//       of another worker, with bitCount() and toBytes() every 25 items.
// The wire (wire.ts) answers an unknown op, a malformed line, and anything else your code throws.
// stdout carries replies only: log with console.error.
import { BloomFilter } from "./bloom.ts";
import { collectGarbage, message, parallel, serve, turn, type Reply, type Request } from "./wire.ts";

let filter: BloomFilter | undefined;

function need(): BloomFilter {
  if (!filter) throw new Error('no filter: send {"op":"new"} first');
  return filter;
}

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Runs a constructor of the learner's; a throw is the filter refusing its input. */
function replace(make: () => BloomFilter): Reply {
  let made: BloomFilter;
  try {
    made = make();
  } catch (error) {
    return { error: "invalid", message: message(error) };
  }
  filter = made;
  return { ok: true, m: made.m, k: made.k };
}

function memoryInUse(): number {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

function memory(req: Request): Reply {
  const items = Number(req.items ?? 0);
  const before = memoryInUse();
  const f = new BloomFilter(Number(req.m), Number(req.k));
  for (let i = 0; i < items; i++) f.add(`mem-${i}`);
  const after = memoryInUse();
  return { sizeInBytes: f.sizeInBytes(), grewBy: Math.max(0, after - before), bitCount: f.bitCount() };
}

async function hammer(req: Request): Promise<Reply> {
  const f = need();
  const workers = Number(req.workers ?? 8);
  const itemsEach = Number(req.itemsEach ?? 500);
  const prefix = String(req.prefix ?? "h");
  let added = 0;
  let missedOwn = 0;
  const worker = async (w: number) => {
    for (let i = 0; i < itemsEach; i++) {
      const item = `${prefix}${w}-${i}`;
      f.add(item);
      added++;
      await turn();
      if (!f.mightContain(item)) missedOwn++;
      f.mightContain(`${prefix}${(w + 1) % workers}-${i}`);
      if (i % 25 === 0) {
        f.bitCount();
        f.toBytes();
      }
      await Promise.resolve();
    }
  };
  await parallel(workers, worker);
  return { added, missedOwn, bitCount: f.bitCount() };
}

await serve({
  new: (req) => replace(() => new BloomFilter(Number(req.m), Number(req.k))),
  capacity: (req) => replace(() => BloomFilter.fromCapacity(Number(req.n), Number(req.p))),
  add: (req) => {
    need().add(String(req.item));
    return { ok: true };
  },
  has: (req) => ({ result: need().mightContain(String(req.item)) }),
  locations: (req) => ({ locations: Array.from(need().locations(String(req.item))) }),
  bitCount: () => ({ bitCount: need().bitCount() }),
  size: () => ({ sizeInBytes: need().sizeInBytes() }),
  addMany: (req) => {
    const f = need();
    const prefix = String(req.prefix);
    const from = Number(req.from ?? 0);
    const count = Number(req.count);
    for (let i = from; i < from + count; i++) f.add(prefix + i);
    return { ok: true };
  },
  countMany: (req) => {
    const f = need();
    const prefix = String(req.prefix);
    const from = Number(req.from ?? 0);
    const count = Number(req.count);
    let present = 0;
    for (let i = from; i < from + count; i++) if (f.mightContain(prefix + i)) present++;
    return { count: present };
  },
  toBytes: () => {
    const bytes = need().toBytes();
    return { hex: toHex(bytes), length: bytes.length };
  },
  fromBytes: (req) => {
    const bytes = fromHex(String(req.hex));
    return replace(() => BloomFilter.fromBytes(bytes));
  },
  roundtrip: () => {
    const bytes = need().toBytes();
    return replace(() => BloomFilter.fromBytes(bytes));
  },
  memory,
  hammer,
});
