import { createRandom } from '../random.js';
import { Network } from './network.js';
import { EventQueue } from './queue.js';
import type { Body, ClientOp, ClusterStats, Fault, Message, NetworkSpec, NodeId, RequestStep, TraceEvent } from './types.js';
import type { Done, RunAnswer, RunCommand, RunEvent } from './wire.js';

/** What the engine needs from the process hosting the nodes (RuntimeProcess, or a fake in tests). */
export interface NodeHost {
  run(command: RunCommand): Promise<RunAnswer>;
}

/** A failure the cluster turns into a report (message-sequence diagram and all). */
export type FailHandler = (message: string, detail?: { expected?: unknown; received?: unknown }) => never;

export interface OpRecord extends ClientOp {
  /** When its timeout fires (virtual ms). */
  readonly deadline: number;
  /** A read the grader makes for itself (convergence): kept out of the history and the counts. */
  readonly probe: boolean;
  status: ClientOp['status'];
  reply?: Body;
  completedAt?: number;
}

/** Items of the main queue: node events go to the host in batches; the rest the grader handles itself. */
/** A node event as the engine keeps it: a delivery holds its message (for the trace) and, when a node sent it, its ref. */
type NodeEvent = { node: NodeId; do: 'init' | 'crash' } | { node: NodeId; do: 'deliver'; msg: Message; ref?: number };
type Item =
  | { k: 'node'; ev: NodeEvent }
  | { k: 'arrive'; msg: Message }
  | { k: 'timeout'; op: OpRecord };

/** Items that change the world between batches: a window never spans one. */
type Control = { k: 'fault'; fault: Fault } | { k: 'request'; step: RequestStep };

export interface EngineOptions {
  nodeIds: NodeId[];
  seed: number;
  network: NetworkSpec;
  requestTimeoutMs: number;
  maxEvents: number;
  host: NodeHost;
  fail: FailHandler;
  /** Caps a window below the shortest latency (tests compare traces across window sizes); none by default. */
  maxWindowMs?: number;
}

const CLIENT_ID = /^c\d+$/;

/**
 * The discrete-event simulation behind a Cluster. Time moves in windows: every node event in [t, t + L) —
 * L the shortest link latency — goes to the host in one batch, since nothing sent inside the window can
 * arrive inside it; the host fires the nodes' own timers in between. Faults and scheduled requests end a
 * window, so the network a message meets is the one in force when it was sent.
 */
export class Engine {
  readonly trace: TraceEvent[] = [];
  /** The learner-visible client operations (probes left out). */
  readonly history: OpRecord[] = [];
  /** Every op not settled yet, probes included. */
  private readonly pending = new Set<OpRecord>();
  private opCount = 0;
  readonly network: Network;
  private readonly queue = new EventQueue<Item>();
  private readonly controls = new EventQueue<Control>();
  /** Nodes started in the batches handed to the host so far. */
  private readonly up = new Set<NodeId>();
  /** Nodes crashed by the faults applied so far (ahead of `up` until their crash event is handed over). */
  private readonly down = new Set<NodeId>();
  private readonly ops = new Map<string, OpRecord>();
  private readonly clientMsgIds = new Map<NodeId, number>();
  private clients = 0;
  private hostNext: number | null = null;
  /** Messages nodes sent, numbered as the host numbers them (1, 2, … in handler order); copies still to deliver. */
  private sentCount = 0;
  private readonly copiesLeft = new Map<number, number>();
  /** Refs the host may drop after its next run (never delivered again). */
  private forget: number[] = [];
  private time = 0;
  private counts = emptyCounts();

  constructor(private readonly o: EngineOptions) {
    this.network = new Network(o.network, createRandom((o.seed ^ 0x5bd1e995) >>> 0));
    for (const node of o.nodeIds) this.queue.push(0, { k: 'node', ev: { node, do: 'init' } });
  }

  now(): number { return this.time; }
  isUp(node: NodeId): boolean { return this.up.has(node); }
  pendingControls(): number { return this.controls.size; }
  crashed(): NodeId[] { return this.o.nodeIds.filter((n) => this.down.has(n)); }

  /** A time by which every op invoked so far has its reply or its timeout. */
  settleBound(): number {
    let bound = this.time;
    for (const op of this.pending) if (op.deadline > bound) bound = op.deadline;
    return bound + 1;
  }

  stats(): ClusterStats {
    const c = this.counts;
    return { ...c, byType: { ...c.byType }, messagesPerOp: c.clientRequests ? c.serverMessages / c.clientRequests : 0 };
  }

  resetStats(): void { this.counts = emptyCounts(); }

  /** A note in the trace, now or at an earlier virtual time (where a property became false). */
  note(text: string, at = this.time): void { this.record({ t: Math.min(at, this.time), kind: 'note', text }); }

  /** True once every op invoked so far (probes included) has its reply or its timeout. */
  settled(): boolean { return this.pending.size === 0; }

  /** Sends a client request now; its delivery and its timeout are queued. */
  invoke(node: NodeId, body: Body, client?: NodeId, timeoutMs = this.o.requestTimeoutMs, probe = false): OpRecord {
    if (!this.o.nodeIds.includes(node)) throw new Error(`no node ${JSON.stringify(node)} in this cluster (nodes: ${this.o.nodeIds.join(', ')})`);
    const from = client ?? `c${++this.clients}`;
    if (!CLIENT_ID.test(from)) throw new Error(`client ids look like c1, c2, … (got ${JSON.stringify(from)})`);
    const msgId = (this.clientMsgIds.get(from) ?? 0) + 1;
    this.clientMsgIds.set(from, msgId);
    const request: Body = { ...body, msg_id: msgId };
    const op: OpRecord = { id: ++this.opCount, client: from, node, request, invokedAt: this.time, deadline: this.time + timeoutMs, probe, status: 'pending' };
    if (!probe) { this.history.push(op); this.counts.clientRequests++; }
    this.pending.add(op);
    this.ops.set(`${from} ${msgId}`, op);
    this.record({ t: this.time, kind: 'invoke', op: op.id, client: from, node, body: request, ...(probe ? { probe } : {}) });
    this.queue.push(this.network.clientArrival(this.time), { k: 'node', ev: { node, do: 'deliver', msg: { src: from, dest: node, body: request } } });
    this.queue.push(op.deadline, { k: 'timeout', op });
    return op;
  }

  /** Applies a fault now. Crashes and restarts are node events, handled in time order with the others. */
  apply(fault: Fault): void {
    switch (fault.kind) {
      case 'partition':
        this.checkNodes(fault.groups.flat());
        this.network.partition(fault.groups, this.o.nodeIds);
        this.record({ t: this.time, kind: 'partition', groups: fault.groups });
        return;
      case 'cut':
        this.checkNodes([...fault.from, ...fault.to]);
        this.network.cut(fault.from, fault.to);
        this.record({ t: this.time, kind: 'cut', from: fault.from, to: fault.to });
        return;
      case 'heal':
        this.network.heal();
        this.record({ t: this.time, kind: 'heal' });
        return;
      case 'crash':
      case 'restart':
        this.checkNodes([fault.node]);
        // A crash of a crashed node, or a restart of a running one (a shrunk scenario may ask), changes nothing.
        if ((fault.kind === 'crash') === this.down.has(fault.node)) return;
        if (fault.kind === 'crash') this.down.add(fault.node); else this.down.delete(fault.node);
        this.queue.push(this.time, { k: 'node', ev: { node: fault.node, do: fault.kind === 'crash' ? 'crash' : 'init' } });
    }
  }

  /** Schedules a fault or a request at an absolute virtual time (a scenario's step). */
  schedule(at: number, control: Control): void { this.controls.push(Math.max(at, this.time), control); }

  /**
   * Runs until `horizon` (exclusive: events at it stay queued) or until `stop()` holds, checked whenever a
   * message reaches a client or a request times out. Returns whether it stopped on `stop`.
   */
  async runUntil(horizon: number, stop?: () => boolean): Promise<boolean> {
    for (;;) {
      if (stop?.()) return true;
      const tq = this.queue.peekTime();
      const tc = this.controls.peekTime();
      const tt = this.hostNext ?? Infinity;
      const head = this.queue.peek();
      if (head && head.k !== 'node' && tq <= tc && tq <= tt && tq < Math.max(horizon, this.time)) {
        this.handleClientSide(this.queue.pop()!);
        continue;
      }
      const t0 = Math.min(tq, tc, tt);
      if (t0 >= horizon) {
        this.time = Math.max(this.time, horizon);
        return false;
      }
      if (tc === t0) {
        this.time = Math.max(this.time, t0);
        this.handleControl(this.controls.pop()!.item);
        continue;
      }
      await this.runWindow(Math.min(t0 + Math.min(this.network.minLatency(), this.o.maxWindowMs ?? Infinity), horizon, tc));
    }
  }

  private async runWindow(until: number): Promise<void> {
    const events: NodeEvent[] = [];
    const wire: RunEvent[] = [];
    const later: { time: number; item: Item }[] = [];
    while (this.queue.peekTime() < until) {
      const { time, item } = this.queue.pop()!;
      if (item.k !== 'node') { later.push({ time, item }); continue; }
      const ev = item.ev;
      if (ev.do === 'deliver') {
        if (ev.ref !== undefined) this.deliveredCopy(ev.ref);
        if (!this.up.has(ev.node)) {
          this.counts.toCrashed++;
          this.record({ t: time, kind: 'send', msg: ev.msg, fate: 'crashed' });
          continue;
        }
        // A node's message goes by its ref (the host kept it); a client's request in full.
        wire.push(ev.ref !== undefined ? { at: time, node: ev.node, do: 'deliver', ref: ev.ref } : { at: time, node: ev.node, do: 'deliver', msg: ev.msg });
      } else {
        if (ev.do === 'crash' && !this.up.delete(ev.node)) continue;
        if (ev.do === 'init') { if (this.up.has(ev.node)) continue; this.up.add(ev.node); }
        wire.push({ at: time, node: ev.node, do: ev.do });
      }
      events.push(ev);
    }
    // Client-side items met on the way are handled in time order once the batch is back (they never reach a node).
    for (const { time, item } of later) this.queue.push(time, item);
    if (events.length === 0 && (this.hostNext === null || this.hostNext >= until)) {
      this.time = until;
      return;
    }
    // A flood grows each window's batch: stop before handing over one that would pass the bound.
    if (this.counts.events + events.length > this.o.maxEvents) this.failFlood();
    const forget = this.forget;
    this.forget = [];
    const answer = await this.o.host.run({ cmd: 'run', until, events: wire, ...(forget.length ? { forget } : {}) });
    this.hostNext = answer.next;
    for (const done of answer.done) this.absorb(done, events);
    this.time = until;
    if (this.counts.events > this.o.maxEvents || this.queue.size > this.o.maxEvents) this.failFlood();
  }

  private failFlood(): never {
    return this.o.fail(`the nodes handled or queued more than ${this.o.maxEvents} events (deliveries, timers) in one run: a message storm, or a timer that fires too often?`);
  }

  /** Records one handler call and routes what it sent. */
  private absorb(done: Done, events: NodeEvent[]): void {
    const ev = done.i === undefined ? undefined : events[done.i];
    const t = done.at;
    this.counts.events++;
    if (done.ev === 'deliver' && ev?.do === 'deliver') this.record({ t, kind: 'deliver', msg: ev.msg });
    else if (done.ev === 'timer') this.record({ t, kind: 'timer', node: done.node, name: done.timer ?? '' });
    else if (done.ev === 'crash') this.record({ t, kind: 'crash', node: done.node });
    else if (done.ev === 'init') this.record({ t, kind: this.wasStarted(done.node) ? 'restart' : 'init', node: done.node });
    for (const text of done.logs ?? []) this.record({ t, kind: 'log', node: done.node, text });
    for (const [key, ...value] of done.store ?? []) this.record({ t, kind: 'store', node: done.node, key, ...(value.length ? { value: value[0] } : {}) });
    for (const { dest, body } of done.sent ?? []) this.route({ src: done.node, dest, body }, t);
    if (done.error) {
      const what = done.ev === 'deliver' && ev?.do === 'deliver' ? `a ${ev.msg.body.type} message from ${ev.msg.src}` : done.ev === 'timer' ? `timer ${JSON.stringify(done.timer)}` : done.ev;
      this.o.fail(`node ${done.node} failed while handling ${what} at ${t} ms: ${done.error}`);
    }
  }

  /**
   * Adds to the trace in time order. Client-side events are handled after the batch that produced them, so
   * one may be earlier than the last entry: it goes after the entries of its time, wherever the windows fell.
   */
  private record(event: TraceEvent): void {
    const trace = this.trace;
    let i = trace.length;
    while (i > 0 && trace[i - 1].t > event.t) i--;
    if (i === trace.length) trace.push(event); else trace.splice(i, 0, event);
  }

  private readonly started = new Set<NodeId>();
  private wasStarted(node: NodeId): boolean {
    if (this.started.has(node)) return true;
    this.started.add(node);
    return false;
  }

  private deliveredCopy(ref: number): void {
    const left = (this.copiesLeft.get(ref) ?? 1) - 1;
    if (left > 0) { this.copiesLeft.set(ref, left); return; }
    this.copiesLeft.delete(ref);
    this.forget.push(ref);
  }

  private route(msg: Message, t: number): void {
    const ref = ++this.sentCount;
    if (CLIENT_ID.test(msg.dest)) {
      this.forget.push(ref);
      const arrives = this.network.clientArrival(t);
      this.record({ t, kind: 'send', msg, fate: 'sent', arrives });
      this.queue.push(arrives, { k: 'arrive', msg });
      return;
    }
    if (!this.o.nodeIds.includes(msg.dest)) {
      this.o.fail(`node ${msg.src} sent a ${String(msg.body.type)} message to ${JSON.stringify(msg.dest)}, which is neither a node (${this.o.nodeIds.join(', ')}) nor a client (c1, c2, …) of this run`);
    }
    this.counts.serverMessages++;
    const type = String(msg.body.type);
    this.counts.byType[type] = (this.counts.byType[type] ?? 0) + 1;
    const { fate, arrivals } = this.network.route(msg.src, msg.dest, t);
    if (fate === 'lost') this.counts.lost++;
    if (fate === 'cut') this.counts.cut++;
    if (arrivals.length > 1) this.counts.duplicated += arrivals.length - 1;
    const event: TraceEvent = { t, kind: 'send', msg, fate };
    if (arrivals.length) event.arrives = arrivals[0];
    if (arrivals.length > 1) event.copies = arrivals.length;
    this.record(event);
    if (arrivals.length === 0) this.forget.push(ref); else this.copiesLeft.set(ref, arrivals.length);
    for (const at of arrivals) this.queue.push(at, { k: 'node', ev: { node: msg.dest, do: 'deliver', msg, ref } });
  }

  private handleClientSide({ time, item }: { time: number; item: Item }): void {
    // Nothing else is due before `time` (it was the earliest of everything), so the clock may move to it.
    this.time = Math.max(this.time, time);
    if (item.k === 'timeout') {
      if (item.op.status !== 'pending') return;
      item.op.status = 'timeout';
      this.pending.delete(item.op);
      this.record({ t: time, kind: 'timeout', op: item.op.id, client: item.op.client, node: item.op.node, body: item.op.request, ...(item.op.probe ? { probe: true } : {}) });
      return;
    }
    if (item.k !== 'arrive') return;
    const { msg } = item;
    const op = this.ops.get(`${msg.dest} ${msg.body.in_reply_to}`);
    if (!op || op.status !== 'pending' || op.node !== msg.src) return; // a late or stray answer: it stays in the trace as sent
    op.status = 'ok';
    op.reply = msg.body;
    op.completedAt = time;
    this.pending.delete(op);
    if (!op.probe) this.counts.clientReplies++;
    this.record({ t: time, kind: 'complete', op: op.id, client: op.client, node: op.node, body: msg.body, ...(op.probe ? { probe: true } : {}) });
  }

  private handleControl(control: Control): void {
    if (control.k === 'fault') this.apply(control.fault);
    else this.invoke(control.step.node, control.step.body, control.step.client);
  }

  private checkNodes(nodes: NodeId[]): void {
    const unknown = nodes.filter((n) => !this.o.nodeIds.includes(n));
    if (unknown.length) throw new Error(`no node ${unknown.join(', ')} in this cluster (nodes: ${this.o.nodeIds.join(', ')})`);
  }
}

function emptyCounts(): Omit<ClusterStats, 'messagesPerOp'> {
  return { serverMessages: 0, byType: {}, clientRequests: 0, clientReplies: 0, lost: 0, cut: 0, toCrashed: 0, duplicated: 0, events: 0 };
}
