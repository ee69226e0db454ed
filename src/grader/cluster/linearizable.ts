/**
 * A linearizability checker for key-value histories of read / write / compare-and-set, after Wing & Gong's
 * search with Lowe's memoisation (the algorithm Porcupine implements): walk the history's call/return events,
 * tentatively linearize a call whose effect the register allows, backtrack at a return whose call could not be
 * placed, and never revisit a (set of linearized ops, register value) pair. Keys are independent registers, so
 * each key's sub-history is checked on its own.
 */

/** One operation on one key. Times are virtual ms; an op without a reply has `completedAt` undefined. */
export interface KvOperation {
  /** Who issued it (for reports only). */
  client: string;
  key: string;
  kind: 'read' | 'write' | 'cas';
  /** read: the value returned (null for a missing key); write: the value written. */
  value?: unknown;
  /** cas: the expected value and the new one. */
  from?: unknown;
  to?: unknown;
  invokedAt: number;
  completedAt?: number;
  /**
   * `ok`: it took effect (a read returned `value`); `fail`: it definitely did not (a cas whose precondition
   * failed, or a read of a missing key when modelled so); `unknown`: no reply, it may or may not have happened.
   */
  outcome: 'ok' | 'fail' | 'unknown';
}

export type LinearizabilityResult =
  | { ok: true; keys: number; ops: number }
  | { ok: false; key: string; message: string; ops: KvOperation[]; longest: KvOperation[] }
  | { ok: 'unknown'; key: string; message: string };

export interface LinearizabilityOptions {
  /** The value of a key never written; null by default. */
  initial?: unknown;
  /** A key with more ops than this is not searched (the result says so); 500 by default. */
  maxOpsPerKey?: number;
  /** Bound on search steps per key; 2,000,000 by default. */
  maxSteps?: number;
}

/** Checks that some total order of the ops, respecting real time, is legal for a register per key. */
export function checkLinearizable(ops: readonly KvOperation[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  const byKey = new Map<string, KvOperation[]>();
  for (const op of ops) {
    if (op.outcome === 'unknown' && op.kind === 'read') continue; // an unanswered read constrains nothing
    const list = byKey.get(op.key) ?? [];
    list.push(op);
    byKey.set(op.key, list);
  }
  const maxOps = options.maxOpsPerKey ?? 500;
  for (const key of [...byKey.keys()].sort()) {
    const list = byKey.get(key)!;
    if (list.length > maxOps) {
      return { ok: 'unknown', key, message: `key ${JSON.stringify(key)} has ${list.length} operations, more than the ${maxOps} this checker searches; use fewer operations per key` };
    }
    const result = checkKey(list, options.initial ?? null, options.maxSteps ?? 2_000_000);
    if (result === 'budget') {
      return { ok: 'unknown', key, message: `the search for key ${JSON.stringify(key)} took more than ${options.maxSteps ?? 2_000_000} steps without an answer; use fewer concurrent operations` };
    }
    if (result !== true) {
      const sorted = [...list].sort((a, b) => a.invokedAt - b.invokedAt);
      const next = sorted.find((op) => !result.includes(op));
      return {
        ok: false, key, ops: sorted, longest: result,
        message: `the operations on key ${JSON.stringify(key)} are not linearizable: no order that respects real time explains every result` +
          (next ? ` (after the longest valid order found, ${describeOp(next)} cannot be placed)` : ''),
      };
    }
  }
  return { ok: true, keys: byKey.size, ops: ops.length };
}

export function describeOp(op: KvOperation): string {
  const when = `[${op.invokedAt}, ${op.completedAt ?? '∞'}]`;
  const args = op.kind === 'cas' ? `${JSON.stringify(op.from)}→${JSON.stringify(op.to)}` : JSON.stringify(op.value ?? null);
  return `${op.client} ${op.kind}(${op.key}) ${args} ${op.outcome} ${when}`;
}

interface Entry {
  op: number;
  isCall: boolean;
  time: number;
  match?: Entry; // a call's return
  prev?: Entry;
  next?: Entry;
}

/** The register's step: the new value when `op` may take effect on `state` with its observed result, else undefined. */
function step(op: KvOperation, state: string): string | undefined {
  switch (op.kind) {
    case 'read': return op.outcome === 'ok' && JSON.stringify(op.value ?? null) === state ? state
      : op.outcome === 'fail' && state === 'null' ? state : undefined;
    case 'write': return JSON.stringify(op.value ?? null);
    case 'cas': {
      const holds = JSON.stringify(op.from ?? null) === state;
      if (op.outcome === 'ok') return holds ? JSON.stringify(op.to ?? null) : undefined;
      if (op.outcome === 'fail') return holds ? undefined : state;
      return holds ? JSON.stringify(op.to ?? null) : state; // unknown: applied if it could, else a no-op
    }
  }
}

/** True, 'budget', or the longest linearized prefix found (the key's history is not linearizable). */
function checkKey(ops: KvOperation[], initial: unknown, maxSteps: number): true | 'budget' | KvOperation[] {
  const head = buildEntries(ops);
  const linearized = new Uint8Array(ops.length);
  const seen = new Set<string>();
  const calls: { entry: Entry; state: string }[] = [];
  let longest: number[] = [];
  let state = JSON.stringify(initial ?? null);
  let entry = head.next;
  let steps = 0;
  while (head.next) {
    if (++steps > maxSteps) return 'budget';
    if (entry!.isCall) {
      const next = step(ops[entry!.op], state);
      if (next !== undefined) {
        linearized[entry!.op] = 1;
        const key = `${bitsKey(linearized)}|${next}`;
        if (!seen.has(key)) {
          seen.add(key);
          calls.push({ entry: entry!, state });
          if (calls.length > longest.length) longest = calls.map((c) => c.entry.op);
          state = next;
          lift(entry!);
          entry = head.next;
          continue;
        }
        linearized[entry!.op] = 0;
      }
      entry = entry!.next;
    } else {
      // A return whose call is still unplaced: undo the latest tentative choice and try the next candidate.
      const last = calls.pop();
      if (!last) return longest.map((i) => ops[i]);
      linearized[last.entry.op] = 0;
      state = last.state;
      unlift(last.entry);
      entry = last.entry.next;
    }
  }
  return true;
}

/** The call/return events in time order; at equal times calls come first, so touching ops count as concurrent. */
function buildEntries(ops: KvOperation[]): Entry {
  const events: Entry[] = [];
  ops.forEach((op, i) => {
    const call: Entry = { op: i, isCall: true, time: op.invokedAt };
    const ret: Entry = { op: i, isCall: false, time: op.outcome === 'unknown' || op.completedAt === undefined ? Infinity : op.completedAt };
    call.match = ret;
    events.push(call, ret);
  });
  events.sort((a, b) => compareTimes(a.time, b.time) || Number(b.isCall) - Number(a.isCall) || a.op - b.op);
  const head: Entry = { op: -1, isCall: false, time: -Infinity };
  let prev = head;
  for (const e of events) { prev.next = e; e.prev = prev; prev = e; }
  return head;
}

function compareTimes(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1; // Infinity - Infinity is NaN: compare, do not subtract
}

function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

function bitsKey(bits: Uint8Array): string {
  let out = '';
  // 15 bits a character, so the code never reaches the surrogate range.
  for (let i = 0; i < bits.length; i += 15) {
    let word = 0;
    for (let j = i; j < Math.min(i + 15, bits.length); j++) word = (word << 1) | bits[j];
    out += String.fromCharCode(word + 32);
  }
  return out;
}
